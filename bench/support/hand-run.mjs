// The baseline of the run benchmark: the compiled SQL of a project, run by hand in DuckDB in
// dependency order, each table model written as plain Parquet (no Iceberg, no catalog, no
// metadata) and read back by the models after it.
// Usage: node hand-run.mjs <project> <out> [plain|layout]
//   plain:  one Parquet file per model, DuckDB's defaults (snappy, unpartitioned);
//   layout: the files ldp writes (zstd, hive folders by the model's partition_by).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [project, out, mode = 'plain'] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(project, 'target', 'manifest.json'), 'utf8'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The same engine settings as ldp (its default 4 threads, at most the cores; UTC; and the
// optimizer DuckDB 1.5 fails on).
const instance = await DuckDBInstance.create(':memory:', {
  threads: String(Math.min(4, availableParallelism())),
  disabled_optimizers: 'top_n_window_elimination',
});
const conn = await instance.connect();
await conn.run("SET TimeZone = 'UTC'");
const q = (name) => `"${name}"`;
/** Iceberg's partition transforms as DuckDB expressions (days, months, years, hours since 1970). */
function transform(name, column) {
  switch (name) {
    case 'identity':
      return column;
    case 'year':
      return `year(${column}) - 1970`;
    case 'month':
      return `(year(${column}) - 1970) * 12 + month(${column}) - 1`;
    case 'day':
      return `datediff('day', DATE '1970-01-01', ${column})`;
    case 'hour':
      return `datediff('hour', TIMESTAMP '1970-01-01', ${column})`;
    default:
      throw new Error(`the hand run has no partition transform ${name}`);
  }
}
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
  const partitions = mode === 'layout' ? (node.config.partition_by ?? []) : [];
  const keys = partitions.map((p, i) => `${transform(p.transform, q(p.field))} AS __p${i}`);
  const target = join(out, partitions.length > 0 ? node.name : `${node.name}.parquet`);
  const options = ['FORMAT parquet'];
  if (mode === 'layout') options.push('COMPRESSION zstd');
  if (keys.length > 0) options.push(`PARTITION_BY (${keys.map((_, i) => `__p${i}`).join(', ')})`);
  const t0 = performance.now();
  await conn.run(
    `COPY (SELECT *${keys.map((k) => `, ${k}`).join('')} FROM (${sql})) TO '${target}' (${options.join(', ')})`,
  );
  if (process.env.HAND_RUN_TIMES) console.log(node.name, Math.round(performance.now() - t0));
  const files = partitions.length > 0 ? `${target}/**/*.parquet` : target;
  const columns = keys.length > 0 ? `* EXCLUDE (${keys.map((_, i) => `__p${i}`).join(', ')})` : '*';
  await view(
    node.schema,
    node.alias ?? node.name,
    `SELECT ${columns} FROM read_parquet('${files}', hive_partitioning = ${keys.length > 0})`,
  );
}
conn.closeSync();
instance.closeSync();
