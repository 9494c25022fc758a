import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchLine, median, runLdp } from './support/measure.js';
import { writeSyntheticProject } from './support/synthetic-project.js';

const RUNS = 5;

/**
 * Whole-process wall time and peak memory of `ldp parse` and `ldp compile` on synthetic
 * projects (each model: 2–4 refs, config(), a macro call, a for loop, two column tests),
 * median of several runs.
 */
export async function runParseCompileBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const sizes = options.quick ? [1_000] : [1_000, 10_000];
  const lines: BenchLine[] = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `ldp-bench-${size}-`));
    try {
      writeSyntheticProject(dir, size);
      const goals = size === 10_000 ? { parse: '≤ 1000 ms', compile: '≤ 2000 ms', memory: '≤ 1024 MB' } : {};
      for (const command of ['parse', 'compile'] as const) {
        // Cold: no target/ at all (nothing cached). Warm: a previous run left its caches.
        const cold = sample(RUNS, () => {
          rmSync(join(dir, 'target'), { recursive: true, force: true });
          return runLdp([command], dir);
        });
        const warm = sample(RUNS, () => runLdp([command], dir));
        lines.push(
          { name: `${command} ${size} models + ${size * 2} tests, cold`, value: cold.wallMs, unit: 'ms' },
          {
            name: `${command} ${size} models + ${size * 2} tests, warm (unchanged project)`,
            value: warm.wallMs,
            unit: 'ms',
            goal: goals[command],
          },
          {
            name: `${command} ${size} models, peak memory`,
            value: Math.max(cold.maxRssMb, warm.maxRssMb),
            unit: 'MB',
            goal: goals.memory,
          },
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return lines;
}

function sample(runs: number, run: () => { wallMs: number; maxRssMb: number }) {
  const samples = Array.from({ length: runs }, run);
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)),
  };
}
