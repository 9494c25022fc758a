#!/usr/bin/env node
/**
 * Opt-in smoke test on a real BigQuery project (never run by the test suite or CI):
 *
 *   LDP_BIGQUERY_PROJECT=my-project [LDP_BIGQUERY_DATASET=ldp_smoke] [LDP_BIGQUERY_LOCATION=US] \
 *   [LDP_BIGQUERY_KEYFILE=/path/key.json | GOOGLE_APPLICATION_CREDENTIALS=… | gcloud ADC] \
 *   node scripts/bigquery-smoke.mjs
 *
 * Copies the example project to a temporary folder, gives it a `prod` BigQuery output, runs
 * `ldp build --target prod` with the built CLI (`npm run build` first), then reads back the row
 * count of every gold model from BigQuery and prints them. Exits 1 when the build fails or a gold
 * table is missing; without LDP_BIGQUERY_PROJECT it says what to set and exits 0. It creates
 * datasets `<dataset>_bronze|silver|gold` in the project and leaves them for inspection (drop
 * them with `bq rm -r -f <project>:<dataset>_gold`, …).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const project = process.env.LDP_BIGQUERY_PROJECT;
const dataset = process.env.LDP_BIGQUERY_DATASET ?? 'ldp_smoke';
const location = process.env.LDP_BIGQUERY_LOCATION ?? 'US';
const keyfile = process.env.LDP_BIGQUERY_KEYFILE ?? process.env.GOOGLE_APPLICATION_CREDENTIALS;

if (!project) {
  console.log(
    'bigquery-smoke: skipped. Set LDP_BIGQUERY_PROJECT (and LDP_BIGQUERY_KEYFILE, GOOGLE_APPLICATION_CREDENTIALS or gcloud application default credentials) to run the example project on BigQuery.',
  );
  process.exit(0);
}
if (!existsSync(CLI)) {
  console.error('bigquery-smoke: dist/cli/main.js is missing; run `npm run build` first.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'ldp-bigquery-smoke-'));
cpSync(join(ROOT, 'example_project'), dir, { recursive: true });
const credentials = keyfile ? `      method: service-account\n      keyfile: ${JSON.stringify(keyfile)}\n` : '      method: oauth\n';
writeFileSync(
  join(dir, 'profiles.yml'),
  `taxi:
  target: dev
  outputs:
    dev:
      type: duckdb
    prod:
      type: bigquery
${credentials}      project: ${project}
      dataset: ${dataset}
      location: ${location}
      threads: 4
      job_retries: 1
`,
);

console.log(`bigquery-smoke: ldp build --target prod in ${dir} (project ${project}, dataset ${dataset})`);
const build = spawnSync(process.execPath, [CLI, 'build', '--target', 'prod'], { cwd: dir, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`bigquery-smoke: ldp build --target prod failed (exit ${build.status}).`);
  process.exit(1);
}

const client = new BigQuery({ projectId: project, location, ...(keyfile ? { keyFilename: keyfile } : {}) });
const gold = readdirSync(join(dir, 'models', 'gold'))
  .filter((file) => file.endsWith('.sql'))
  .map((file) => basename(file, '.sql'));
let missing = 0;
for (const model of gold) {
  const table = `\`${project}.${dataset}_gold.${model}\``;
  try {
    const [rows] = await client.query({ query: `SELECT COUNT(*) AS n FROM ${table}`, location });
    console.log(`  ${model.padEnd(40)} ${String(rows[0].n).padStart(12)} rows`);
  } catch (error) {
    missing++;
    console.error(`  ${model.padEnd(40)} not readable: ${error.message}`);
  }
}
process.exit(missing > 0 ? 1 : 0);
