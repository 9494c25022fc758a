/**
 * Recording lineage after a run: a synthetic project of tables is built once with `ldp run`, then
 * `recordLineage` (whole project: compile from cache, read the warehouse, trace every model,
 * replace the stored graph) is timed without and with its trace cache, and for a one-model
 * selection. Run alone: `npx tsx bench/lineage-record.ts [--quick]`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, recordLineage, run } from '../src/api/index.js';
import { openSession, openWarehouseCatalog } from '../src/api/warehouse/lakehouse.js';
import { walkFiles } from '../src/util/walk-files.js';
import { type BenchLine, median, printLines } from './support/measure.js';
import { writeSyntheticProject } from './support/synthetic-project.js';

export async function runLineageRecordBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const models = options.quick ? 200 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-lineage-'));
  try {
    writeTableProject(dir, models);
    const project = { projectDir: dir, env: {}, homeDir: join(dir, '.home') };
    const started = performance.now();
    const built = await run({ ...project, threads: 2 });
    const runMs = performance.now() - started;
    if (built.failed) throw new Error('the synthetic project failed to build');
    const parsed = await parse(project);
    const catalog = openWarehouseCatalog(parsed.project.target);
    const session = await openSession(catalog, parsed.project.target);
    try {
      const plan = { steps: [], dependsOn: new Map() };
      const record = async (select?: string[]) => {
        const t = performance.now();
        await recordLineage(session, catalog, parsed, plan, built, select ? { select } : {});
        return performance.now() - t;
      };
      const cold: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < 3; i++) {
        rmSync(join(dir, 'target', 'lineage_cache.ldp'), { force: true });
        cold.push(await record());
        warm.push(await record());
      }
      const partial = [await record(['model_1']), await record(['model_1']), await record(['model_1'])];
      return [
        {
          name: `ldp run of ${models} table models (whole command, lineage included)`,
          value: runMs,
          unit: 'ms',
        },
        { name: `record lineage, ${models} models, nothing cached`, value: median(cold), unit: 'ms' },
        { name: `record lineage, ${models} models, trace cache warm`, value: median(warm), unit: 'ms' },
        { name: `record lineage, one selected model of ${models}`, value: median(partial), unit: 'ms' },
      ];
    } finally {
      session.close();
      catalog.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The synthetic project with every model a table (views over views re-bind their whole chain). */
function writeTableProject(dir: string, models: number): void {
  writeSyntheticProject(dir, models);
  for (const path of [...walkFiles(join(dir, 'models'))].filter((p) => p.endsWith('.sql'))) {
    writeFileSync(path, readFileSync(path, 'utf8').replace("materialized='view'", "materialized='table'"));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printLines('Lineage recording', await runLineageRecordBench({ quick: process.argv.includes('--quick') }));
}
