import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchLine, median, type ProcessSample, runLdp } from './support/measure.js';
import { writeSyntheticProject } from './support/synthetic-project.js';

const RUNS = 5;

const PROFILES = `synthetic:
  target: dev
  outputs:
    dev:
      type: duckdb
    prod:
      type: bigquery
      project: bench-project
      dataset: analytics
`;

/**
 * `ldp compile` of one synthetic project for its local target and for a BigQuery target
 * (relations as `project`.`dataset`.`table`, layers as datasets, `bigquery__` dispatch), cold,
 * median of several runs each, alternating so both see the same machine load. Goal: BigQuery
 * within 1.1× of DuckDB.
 */
export async function runBigQueryCompileBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const size = options.quick ? 1_000 : 10_000;
  const scratch = mkdtempSync(join(tmpdir(), 'ldp-bench-bq-'));
  try {
    const dir = join(scratch, 'project');
    mkdirSync(dir);
    writeSyntheticProject(dir, size);
    writeFileSync(join(dir, 'profiles.yml'), PROFILES);
    let aside = 0;
    // Moved aside, not deleted (see parse-compile.ts: deleting 30,000 files slows the next run).
    const cold = (target: string) => {
      if (existsSync(join(dir, 'target'))) renameSync(join(dir, 'target'), join(scratch, `old-${aside++}`));
      return runLdp(['compile', '--target', target], dir);
    };
    const duckdb: ProcessSample[] = [];
    const bigquery: ProcessSample[] = [];
    for (let run = 0; run < RUNS; run++) {
      duckdb.push(cold('dev'));
      bigquery.push(cold('prod'));
    }
    const wall = (samples: readonly ProcessSample[]) => median(samples.map((s) => s.wallMs));
    const cpu = (samples: readonly ProcessSample[]) => median(samples.map((s) => s.cpuMs));
    const ratio = wall(bigquery) / wall(duckdb);
    // CPU time is steadier than wall time when others load the machine.
    const cpuRatio = cpu(bigquery) / cpu(duckdb);
    return [
      {
        name: `compile ${size} models + ${size * 2} tests for DuckDB, cold`,
        value: wall(duckdb),
        unit: 'ms',
      },
      { name: `  CPU (user + system)`, value: cpu(duckdb), unit: 'ms' },
      {
        name: `compile ${size} models + ${size * 2} tests for BigQuery, cold`,
        value: wall(bigquery),
        unit: 'ms',
      },
      { name: `  CPU (user + system)`, value: cpu(bigquery), unit: 'ms' },
      {
        name: 'BigQuery compile / DuckDB compile',
        value: Math.round(ratio * 100) / 100,
        unit: '×',
        goal: '≤ 1.1×',
      },
      {
        name: 'BigQuery compile / DuckDB compile, CPU time',
        value: Math.round(cpuRatio * 100) / 100,
        unit: '×',
        goal: '≤ 1.1×',
      },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
