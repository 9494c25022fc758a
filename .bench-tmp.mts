import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog } from './src/catalog/index.js';
import { IcebergTable, describeQuery } from './src/iceberg/index.js';
import { writeDataFiles } from './src/iceberg/write-data.js';
const dir = mkdtempSync(join(tmpdir(), 'ldp-b-'));
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run("SET TimeZone='UTC'");
const catalog = openCatalog({ path: join(dir, 'catalog.db'), warehousePath: dir });
const TAXI = (rows: number) => `SELECT (range % 3)::BIGINT AS vendor_id, TIMESTAMP '2023-01-01' + to_seconds((range * 7) % 2678400) AS pickup_at, TIMESTAMP '2023-01-01' + to_seconds((range * 7) % 2678400 + 600 + range % 1800) AS dropoff_at, (1 + range % 4)::DOUBLE AS passenger_count, ((range * 37) % 2000) / 100.0 AS trip_distance, (1 + range % 265)::BIGINT AS pu_location_id, (1 + (range * 13) % 265)::BIGINT AS do_location_id, (1 + range % 4)::BIGINT AS payment_type, 3.0 + ((range * 37) % 2000) / 40.0 AS fare_amount, ((range * 11) % 500) / 100.0 AS tip_amount, 6.5 + ((range * 37) % 2000) / 40.0 AS total_amount FROM range(${rows})`;
for (let i = 0; i < 6; i++) {
  const table = await IcebergTable.create(catalog, { namespace: ['b'], name: `t${i}` }, { conn, sql: TAXI(0) });
  let t = performance.now();
  await describeQuery(conn, TAXI(1_000_000));
  const d = performance.now() - t; t = performance.now();
  const files = await writeDataFiles({ conn, sql: TAXI(1_000_000), schema: table.schema, spec: table.metadata['partition-specs'][0]!, tableLocation: table.metadata.location });
  const w = performance.now() - t; t = performance.now();
  table.appendFiles(files);
  const c = performance.now() - t; t = performance.now();
  await conn.run(`COPY (${TAXI(1_000_000)}) TO '${join(dir, `p${i}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
  const p = performance.now() - t;
  console.log(d.toFixed(1), w.toFixed(0), c.toFixed(1), 'plain', p.toFixed(0));
}
