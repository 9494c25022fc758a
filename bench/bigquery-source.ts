/**
 * BigQuery source load: `ldp source load` of a 1M-row BigQuery table (5 columns: INT64, STRING,
 * NUMERIC, BOOL, TIMESTAMP) from the loopback fake into a local Iceberg table, as a separate
 * process: rows per second (wall, and per CPU second of the ldp process, steadier on a busy
 * machine) and peak memory of the ldp process. The fake runs in its own process with the table's
 * pages encoded before ldp starts, so serving them costs it little; it still shares the cores.
 * Run alone: `npx tsx bench/run.ts bigquery`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchLine, runLdp } from './support/measure.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = pathToFileURL(resolve(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export async function runBigQuerySourceBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const rows = options.quick ? 200_000 : 1_000_000;
  const { child, url, key } = await startFake(rows);
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-bq-'));
  try {
    writeProject(dir, url, key);
    const sample = runLdp(['source', 'load', '--from-target', 'prod'], dir);
    return [
      {
        name: `load ${rows.toLocaleString('en')} rows from BigQuery (fake) into bronze`,
        value: rows / (sample.wallMs / 1000),
        unit: 'rows/s',
        goal: '>= 200,000',
      },
      {
        name: 'the same, per CPU second of the ldp process (fake in its own process)',
        value: rows / (sample.cpuMs / 1000),
        unit: 'rows/s',
      },
      { name: 'peak memory of ldp source load', value: sample.maxRssMb, unit: 'MB', goal: '<= 300' },
    ];
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function startFake(rows: number): Promise<{ child: ChildProcess; url: string; key: unknown }> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, join(ROOT, 'bench', 'support', 'bigquery-fake-process.ts')],
    {
      env: { ...process.env, BENCH_ROWS: String(rows) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const { url, key } = JSON.parse(line) as { url: string; key: unknown };
        resolvePromise({ child, url, key });
      }
    });
    child.on('exit', (code) => reject(new Error(`the BigQuery fake exited (${code})`)));
  });
}

function writeProject(dir: string, url: string, key: unknown): void {
  writeFileSync(join(dir, 'key.json'), JSON.stringify(key));
  writeFileSync(join(dir, 'ldp_project.yml'), 'name: bench\n');
  writeFileSync(
    join(dir, 'profiles.yml'),
    `bench:
  target: dev
  outputs:
    dev:
      type: duckdb
    prod:
      type: bigquery
      method: service-account
      keyfile: ${join(dir, 'key.json')}
      project: bench
      dataset: raw
      api_endpoint: ${url}
`,
  );
  const models = join(dir, 'models');
  mkdirSync(models, { recursive: true });
  writeFileSync(
    join(models, 'sources.yml'),
    `version: 2
sources:
  - name: raw
    schema: bronze
    meta:
      bigquery: {project: bench, dataset: raw}
    tables:
      - name: orders
`,
  );
}
