// The baseline of the run benchmark: the compiled SQL of a project, run by hand in DuckDB in
// dependency order, each table model written as one plain Parquet file (no Iceberg, no catalog,
// no partitions) and read back by the models after it. Usage: node hand-run.mjs <project> <out>
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [project, out] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(project, 'target', 'manifest.json'), 'utf8'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The same engine settings as ldp (4 threads, UTC, and the optimizer DuckDB 1.5 fails on).
const instance = await DuckDBInstance.create(':memory:', {
  threads: '4',
  disabled_optimizers: 'top_n_window_elimination',
});
const conn = await instance.connect();
await conn.run("SET TimeZone = 'UTC'");
const q = (name) => `"${name}"`;
const schemas = new Set();
async function view(schema, name, sql) {
  if (!schemas.has(schema)) await conn.run(`CREATE SCHEMA IF NOT EXISTS ${q(schema)}`);
  schemas.add(schema);
  await conn.run(`CREATE OR REPLACE VIEW ${q(schema)}.${q(name)} AS ${sql}`);
}
for (const source of Object.values(manifest.sources)) {
  const location = join(project, source.external?.location ?? source.meta?.external_location ?? '');
  const reader = location.endsWith('.csv')
    ? `read_csv('${location}', header = true)`
    : `read_parquet('${location}', filename = true)`;
  await view(source.schema, source.identifier ?? source.name, `SELECT * FROM ${reader}`);
}
const nodes = manifest.nodes;
const done = new Set();
const order = [];
const visit = (id) => {
  if (done.has(id) || !nodes[id]) return;
  done.add(id);
  for (const parent of manifest.parent_map[id] ?? []) visit(parent);
  order.push(id);
};
Object.keys(nodes).sort().forEach(visit);
for (const id of order) {
  const node = nodes[id];
  if (node.resource_type === 'seed') {
    await view(
      node.schema,
      node.alias ?? node.name,
      `SELECT * FROM read_csv('${join(project, node.original_file_path)}', header = true)`,
    );
    continue;
  }
  if (node.resource_type !== 'model' || node.config.materialized === 'ephemeral') continue;
  const sql = readFileSync(
    join(project, 'target', 'compiled', manifest.metadata.project_name, node.original_file_path),
    'utf8',
  );
  if (node.config.materialized === 'view') {
    await view(node.schema, node.alias ?? node.name, `(${sql})`);
    continue;
  }
  const file = join(out, `${node.name}.parquet`);
  await conn.run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`);
  await view(node.schema, node.alias ?? node.name, `SELECT * FROM read_parquet('${file}')`);
}
conn.closeSync();
instance.closeSync();
