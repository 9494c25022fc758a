/**
 * `npm run bench [section…] [--quick]`: runs the benchmark sections and prints their figures.
 * Sections: parse (parse/compile speed), packages (dbt_utils macro calls vs none), bigquery (compile for BigQuery vs DuckDB), iceberg (storage layer), lineage (column lineage, queries),
 * run (ldp run on the taxi project), record (lineage recorded after a run), docs (docs site in Chromium),
 * rest (ldp catalog serve: table loads and commits over HTTP), bigquery-source (BigQuery source load),
 * incremental (incremental runs vs a full refresh), views (view DAGs, one model among many stored views).
 */
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { type BenchLine, printLines } from './support/measure.js';

type Section = (options: { quick?: boolean }) => Promise<BenchLine[]>;

const SECTIONS: Record<string, { title: string; load: () => Promise<Section> }> = {
  parse: {
    title: 'Parse and compile (whole ldp process)',
    load: async () => (await import('./parse-compile.js')).runParseCompileBench,
  },
  packages: {
    title: 'Parse and compile: models calling dbt_utils macros vs the same SQL written out',
    load: async () => (await import('./parse-compile.js')).runPackageMacroBench,
  },
  bigquery: {
    title: 'Compile for BigQuery vs for DuckDB (synthetic project)',
    load: async () => (await import('./bigquery-compile.js')).runBigQueryCompileBench,
  },
  iceberg: {
    title: 'Iceberg storage',
    load: async () => (await import('./iceberg.js')).runIcebergBench,
  },
  lineage: {
    title: 'Lineage',
    load: async () => (await import('./lineage.js')).runLineageBench,
  },
  run: {
    title: 'ldp run (taxi project vs DuckDB by hand; per-model overhead; memory)',
    load: async () => (await import('./run-project.js')).runProjectBench,
  },
  incremental: {
    title: 'Incremental runs (taxi month by day: one new day + 0.1 % updates, vs a full refresh)',
    load: async () => (await import('./incremental.js')).runIncrementalBench,
  },
  views: {
    title: 'Views (a DAG of views vs DuckDB by hand; one model among many stored views)',
    load: async () => (await import('./views.js')).runViewsBench,
  },
  record: {
    title: 'Lineage recording after a run (synthetic project of tables)',
    load: async () => (await import('./lineage-record.js')).runLineageRecordBench,
  },
  docs: {
    title: 'Docs site (5,000 models in Chromium)',
    load: async () => (await import('./docs.js')).runDocsBench,
  },
  'bigquery-source': {
    title: 'BigQuery source load (1M rows from the loopback fake into bronze)',
    load: async () => (await import('./bigquery-source.js')).runBigQuerySourceBench,
  },
  rest: {
    title: 'REST catalog (ldp catalog serve: 1,000-snapshot table over HTTP)',
    load: async () => (await import('./rest.js')).runRestBench,
  },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  const unknown = names.filter((n) => !(n in SECTIONS));
  if (unknown.length > 0)
    throw new Error(
      `unknown bench section(s): ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`,
    );
  execSync('npm run build --silent', { cwd: resolve(import.meta.dirname, '..'), stdio: 'inherit' });
  for (const name of names) {
    const section = SECTIONS[name]!;
    const run = await section.load();
    printLines(section.title, await run({ quick }));
  }
}

await main();
