import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BenchLine, median, runLdp } from './support/measure.js';

const ROOT = resolve(import.meta.dirname, '..');
const HAND_RUN = join(ROOT, 'bench', 'support', 'hand-run.mjs');

/**
 * Views (dbt's default materialization): (1) a DAG of views, 14 levels of 10, each joining two
 * views of the level below, through `ldp run` against DuckDB creating the same views by hand
 * (bench/support/hand-run.mjs, same process shape), a second `ldp run` of the unchanged project
 * against the first, and a run of the one view at the top once the others are stored; (2) one
 * model run in a project of 10,000 models whose warehouse holds 1,000 views, against the same
 * run in a warehouse holding only that model's ancestors.
 */
export async function runViewsBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  return [
    ...viewDag(options.quick ? 10 : 14, options.quick ? 1 : 3),
    ...oneModelAmongManyViews(options.quick ? 2_000 : 10_000, options.quick ? 200 : 1_000, 3),
  ];
}

/** `ldp run` of the view DAG (fresh warehouse), a second `ldp run`, and DuckDB by hand. */
export function viewDag(levels: number, runs: number): BenchLine[] {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-views-'));
  try {
    writeViewDag(dir, levels, 10);
    runLdp(['compile'], dir);
    const first: number[] = [];
    const second: number[] = [];
    const hand: number[] = [];
    const top: number[] = [];
    const topView = `v_${levels - 1}_0`;
    for (let i = 0; i < runs; i++) {
      rmSync(join(dir, 'warehouse'), { recursive: true, force: true });
      hand.push(handRun(dir));
      first.push(runLdp(['run'], dir).wallMs);
      second.push(runLdp(['run'], dir).wallMs);
      top.push(runLdp(['run', '-s', topView], dir).wallMs);
    }
    const label = `view DAG ${levels}×10`;
    return [
      { name: `${label}: ldp run (first, empty warehouse)`, value: median(first), unit: 'ms' },
      { name: `${label}: ldp run again (unchanged project)`, value: median(second), unit: 'ms' },
      { name: `${label}: DuckDB creating the same views by hand`, value: median(hand), unit: 'ms' },
      {
        name: `${label}: ratio ldp run / by hand`,
        value: median(first) / median(hand),
        unit: '×',
        goal: '≤ 1.05',
      },
      {
        name: `${label}: ratio second run / first run`,
        value: median(second) / median(first),
        unit: '×',
        goal: '≤ 1.00',
      },
      // Unchanged views are created up front from the catalog, each binding only its own SQL.
      {
        name: `${label}: ratio second run / by hand`,
        value: median(second) / median(hand),
        unit: '×',
      },
      // Unchanged, so created up front with the stored views it reads, none binding its tree.
      { name: `${label}: ldp run -s ${topView} (a view at the top)`, value: median(top), unit: 'ms' },
      {
        name: `${label}: ratio run of the top view / all views by hand`,
        value: median(top) / median(hand),
        unit: '×',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `ldp run -s target` (a table reading the top of a 10-view chain) in a warehouse holding all
 * the project's views, against the same run in one holding only the target's ancestors.
 */
export function oneModelAmongManyViews(models: number, views: number, runs: number): BenchLine[] {
  const base = mkdtempSync(join(tmpdir(), 'ldp-bench-many-views-'));
  const all = join(base, 'all');
  const ancestors = join(base, 'ancestors');
  try {
    writeManyViewsProject(all, models, views);
    cpSync(all, ancestors, { recursive: true });
    runLdp(['run', '-s', 'config.materialized:view'], all);
    runLdp(['run', '-s', '+target', '--exclude', 'target'], ancestors);
    const withAll: number[] = [];
    const withAncestors: number[] = [];
    for (let i = 0; i < runs; i++) {
      withAll.push(runLdp(['run', '-s', 'target'], all).wallMs);
      withAncestors.push(runLdp(['run', '-s', 'target'], ancestors).wallMs);
    }
    const label = `1 model of ${models.toLocaleString('en-US')}`;
    return [
      {
        name: `${label}: ldp run -s, ${views.toLocaleString('en-US')} views stored`,
        value: median(withAll),
        unit: 'ms',
      },
      {
        name: `${label}: ldp run -s, only its 10 ancestor views stored`,
        value: median(withAncestors),
        unit: 'ms',
      },
      {
        name: `${label}: ratio ${views.toLocaleString('en-US')} views / ancestors only`,
        value: median(withAll) / median(withAncestors),
        unit: '×',
        goal: '≤ 1.05',
      },
    ];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** The same compiled SQL, views created by hand in dependency order (one process). */
function handRun(project: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [HAND_RUN, project, join(project, 'hand-run'), 'plain'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`hand run failed:\n${result.stderr}`);
  return performance.now() - started;
}

/** `levels` levels of `width` views; each view above the first level joins two of the level below. */
function writeViewDag(dir: string, levels: number, width: number): void {
  writeFileSync(join(dir, 'ldp_project.yml'), 'name: views\nmodels:\n  views:\n    +materialized: view\n');
  mkdirSync(join(dir, 'models'), { recursive: true });
  for (let level = 0; level < levels; level++) {
    for (let i = 0; i < width; i++) {
      const below = (k: number) => `{{ ref('v_${level - 1}_${k % width}') }}`;
      const sql =
        level === 0
          ? `select range as id, range * ${i} as v from range(100)`
          : `select a.id, a.v + b.v as v from ${below(i)} a join ${below(i + 1)} b using (id)`;
      writeFileSync(join(dir, 'models', `v_${level}_${i}.sql`), `${sql}\n`);
    }
  }
}

/**
 * `views` views in chains of 10 (each reads the one before), `models − views − 1` tables that
 * are never built, and `target`, a table reading the top of the first chain.
 */
function writeManyViewsProject(dir: string, models: number, views: number): void {
  mkdirSync(join(dir, 'models', 'views'), { recursive: true });
  mkdirSync(join(dir, 'models', 'tables'), { recursive: true });
  writeFileSync(
    join(dir, 'ldp_project.yml'),
    'name: many\nmodels:\n  many:\n    views:\n      +materialized: view\n    tables:\n      +materialized: table\n',
  );
  for (let i = 0; i < views; i++) {
    const chain = Math.floor(i / 10);
    const step = i % 10;
    const sql =
      step === 0
        ? `select range as id, ${chain} as chain from range(10)`
        : `select id + 1 as id, chain from {{ ref('c${chain}_${step - 1}') }}`;
    writeFileSync(join(dir, 'models', 'views', `c${chain}_${step}.sql`), `${sql}\n`);
  }
  for (let i = 0; i < models - views - 1; i++) {
    writeFileSync(join(dir, 'models', 'tables', `t${i}.sql`), `select ${i} as id\n`);
  }
  writeFileSync(join(dir, 'models', 'tables', 'target.sql'), "select * from {{ ref('c0_9') }}\n");
}
