import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface BenchLine {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly goal?: string;
}

export interface ProcessSample {
  readonly wallMs: number;
  readonly maxRssMb: number;
  /** User + system CPU time of the process: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRELOAD = join(ROOT, 'bench', 'support', 'report-usage.mjs');

/** Runs the built `ldp` CLI as a separate process; wall time and peak memory of the whole process. */
export function runLdp(args: readonly string[], cwd: string): ProcessSample {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-'));
  const usageFile = join(dir, 'usage.json');
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', PRELOAD, CLI, ...args], {
    cwd,
    env: { ...process.env, LDP_BENCH_USAGE_FILE: usageFile, CI: 'true' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`ldp ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKb: number; cpuUs: number };
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, maxRssMb: usage.maxRssKb / 1024, cpuMs: usage.cpuUs / 1000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function printLines(title: string, lines: readonly BenchLine[]): void {
  console.log(`\n${title}`);
  for (const line of lines) {
    const value = Number.isInteger(line.value)
      ? String(line.value)
      : line.value.toFixed(line.value < 10 ? 3 : 1);
    console.log(
      `  ${line.name.padEnd(68)} ${value.padStart(10)} ${line.unit.padEnd(4)}${line.goal ? `  (goal ${line.goal})` : ''}`,
    );
  }
}
