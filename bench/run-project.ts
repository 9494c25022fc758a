import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BenchLine, median, runLdp } from './support/measure.js';

const ROOT = resolve(import.meta.dirname, '..');
const HAND_RUN = join(ROOT, 'bench', 'support', 'hand-run.mjs');

/**
 * `ldp run`: (1) the taxi example project on 1M and 10M rows against the same compiled SQL run by
 * hand in DuckDB writing plain Parquet — the same files ldp writes (zstd, the models'
 * partitions), and one default Parquet file per model — as whole processes and ratios, (2) the
 * per-model overhead on a project of 100 tiny tables, (3) peak memory of the 10M-row run.
 */
export async function runProjectBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const sizes = options.quick ? [200_000] : [1_000_000, 10_000_000];
  for (const rows of sizes) lines.push(...(await taxiRun(rows, rows >= 10_000_000 ? 2 : 3)));
  lines.push(...perModelOverhead(options.quick ? 1 : 3));
  return lines;
}

async function taxiRun(rows: number, runs: number): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-taxi-'));
  try {
    cpSync(join(ROOT, 'example_project'), dir, {
      recursive: true,
      filter: (path) => !/[/\\](target|warehouse|data)$/.test(path),
    });
    const { generateTaxiData } = await import('../src/demo/index.js');
    const months = rows >= 10_000_000 ? ['2023-01', '2023-02', '2023-03'] : ['2023-01'];
    await generateTaxiData({
      outDir: join(dir, 'data'),
      months,
      rowsPerMonth: Math.ceil(rows / months.length),
    });
    runLdp(['compile'], dir);
    const ldp: number[] = [];
    const layout: number[] = [];
    const plain: number[] = [];
    let peakMb = 0;
    for (let i = 0; i < runs; i++) {
      rmSync(join(dir, 'warehouse'), { recursive: true, force: true });
      runLdp(['seed'], dir);
      const sample = runLdp(['run'], dir);
      ldp.push(sample.wallMs);
      peakMb = Math.max(peakMb, sample.maxRssMb);
      layout.push(handRun(dir, 'layout'));
      plain.push(handRun(dir, 'plain'));
    }
    const label = `${(rows / 1e6).toLocaleString('en-US')}M rows`;
    return [
      { name: `taxi ${label}: ldp run`, value: median(ldp), unit: 'ms' },
      {
        name: `taxi ${label}: by hand, the same files (zstd, partitions)`,
        value: median(layout),
        unit: 'ms',
      },
      {
        name: `taxi ${label}: by hand, one default Parquet file per model`,
        value: median(plain),
        unit: 'ms',
      },
      {
        name: `taxi ${label}: ratio ldp / by hand, the same files`,
        value: median(ldp) / median(layout),
        unit: '×',
        goal: '≤ 1.15',
      },
      {
        name: `taxi ${label}: ratio ldp / by hand, one file per model`,
        value: median(ldp) / median(plain),
        unit: '×',
        goal: '≤ 1.25',
      },
      {
        name: `taxi ${label}: peak memory of ldp run`,
        value: peakMb,
        unit: 'MB',
        ...(rows >= 10_000_000 ? { goal: '≤ 1024 MB' } : {}),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same compiled SQL run by hand (bench/support/hand-run.mjs), as a whole process. */
function handRun(project: string, mode: 'layout' | 'plain'): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [HAND_RUN, project, join(project, 'hand-run'), mode], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`hand run failed:\n${result.stderr}`);
  return performance.now() - started;
}

/**
 * (run of 100 tiny models − run of 1) / 99, on tables that already exist (the everyday case):
 * wall time, and CPU time (user + system), steadier on a busy machine.
 */
function perModelOverhead(runs: number): BenchLine[] {
  const timeOf = (models: number) => {
    const dir = mkdtempSync(join(tmpdir(), `ldp-bench-models-${models}-`));
    try {
      writeTinyProject(dir, models);
      runLdp(['run'], dir);
      const samples = Array.from({ length: runs }, () => runLdp(['run'], dir));
      return { wall: median(samples.map((s) => s.wallMs)), cpu: median(samples.map((s) => s.cpuMs)) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const one = timeOf(1);
  const hundred = timeOf(100);
  return [
    { name: '100 tiny table models: ldp run (tables exist)', value: hundred.wall, unit: 'ms' },
    { name: '1 tiny table model: ldp run (tables exist)', value: one.wall, unit: 'ms' },
    {
      name: 'per-model overhead ((100 − 1) / 99)',
      value: (hundred.wall - one.wall) / 99,
      unit: 'ms',
      goal: '≤ 5 ms',
    },
    {
      name: 'per-model CPU time (user + sys, (100 − 1) / 99)',
      value: (hundred.cpu - one.cpu) / 99,
      unit: 'ms',
    },
  ];
}

/** Ten layers of ten tiny table models, each reading one model of the layer before. */
function writeTinyProject(dir: string, models: number): void {
  writeFileSync(join(dir, 'ldp_project.yml'), 'name: tiny\nmodels:\n  tiny:\n    +materialized: table\n');
  mkdirSync(join(dir, 'models'), { recursive: true });
  for (let i = 0; i < models; i++) {
    const parent = i >= 10 ? `select id + ${i} as id from {{ ref('m${i - 10}') }}` : `select ${i} as id`;
    writeFileSync(join(dir, 'models', `m${i}.sql`), parent);
  }
}
