/**
 * Iceberg storage benchmark: (1) writing a taxi-like table as an Iceberg commit vs DuckDB's plain
 * `COPY … TO parquet` of the same rows (same compression and row groups), as a ratio; (2) the median time of a
 * small commit (metadata work only); (2b) a day-partitioned write against one default Parquet
 * file by hand; (3) planning a read of a table with 1,000 snapshots and
 * 10,000 files, with cold caches. Run alone: `npx tsx bench/iceberg.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openCatalog } from '../src/catalog/index.js';
import { fromUri, IcebergTable } from '../src/iceberg/index.js';
import { clearManifestCaches } from '../src/iceberg/manifest-io.js';
import { partitionedWriteRatio } from './partitioned-write.js';
import { type BenchLine, median, printLines } from './support/measure.js';
import { syntheticDataFile } from './support/synthetic-data-file.js';

const TAXI = (rows: number) => `SELECT
  (range % 3)::BIGINT AS vendor_id,
  TIMESTAMP '2023-01-01' + to_seconds((range * 7) % 2678400) AS pickup_at,
  TIMESTAMP '2023-01-01' + to_seconds((range * 7) % 2678400 + 600 + range % 1800) AS dropoff_at,
  (1 + range % 4)::DOUBLE AS passenger_count,
  ((range * 37) % 2000) / 100.0 AS trip_distance,
  (1 + range % 265)::BIGINT AS pu_location_id,
  (1 + (range * 13) % 265)::BIGINT AS do_location_id,
  (1 + range % 4)::BIGINT AS payment_type,
  3.0 + ((range * 37) % 2000) / 40.0 AS fare_amount,
  ((range * 11) % 500) / 100.0 AS tip_amount,
  6.5 + ((range * 37) % 2000) / 40.0 AS total_amount
FROM range(${rows})`;

export async function runIcebergBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-iceberg-'));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run("SET TimeZone='UTC'");
  const catalog = openCatalog({ path: join(dir, 'catalog.db'), warehousePath: dir });
  try {
    const lines: BenchLine[] = [];
    for (const rows of options.quick ? [1_000_000] : [1_000_000, 10_000_000])
      lines.push(...(await writeRatio(conn, catalog, dir, rows)));
    for (const rows of options.quick ? [1_000_000] : [1_000_000, 10_000_000])
      lines.push(...(await partitionedWriteRatio(conn, catalog, dir, TAXI(rows), rows)));
    lines.push(await smallCommit(conn, catalog));
    lines.push(await planning(conn, catalog, options.quick ? 100 : 1000));
    return lines;
  } finally {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Times both writes of the same rows, alternating which goes first, and compares the fastest
 * run of each: on a shared machine the fastest run is the closest to the work itself.
 */
async function writeRatio(
  conn: DuckDBConnection,
  catalog: ReturnType<typeof openCatalog>,
  dir: string,
  rows: number,
): Promise<BenchLine[]> {
  const plain: number[] = [];
  const iceberg: number[] = [];
  const runs = rows >= 10_000_000 ? 3 : 7;
  for (let i = 0; i < runs; i++) {
    const table = await IcebergTable.create(
      catalog,
      { namespace: ['bench'], name: `taxi_${rows}_${i}` },
      { conn, sql: TAXI(0) },
    );
    const plainFile = join(dir, `plain-${rows}-${i}.parquet`);
    const writePlain = async () => {
      const start = performance.now();
      await conn.run(`COPY (${TAXI(rows)}) TO '${plainFile}' (FORMAT parquet, COMPRESSION zstd)`);
      plain.push(performance.now() - start);
    };
    const writeIceberg = async () => {
      const start = performance.now();
      await table.append(conn, TAXI(rows));
      iceberg.push(performance.now() - start);
    };
    if (i % 2 === 0) {
      await writePlain();
      await writeIceberg();
    } else {
      await writeIceberg();
      await writePlain();
    }
    rmSync(plainFile, { force: true });
    rmSync(fromUri(table.metadata.location), { recursive: true, force: true });
  }
  const label = `${rows / 1_000_000}M rows`;
  const best = (values: number[]) => Math.min(...values);
  return [
    {
      name: `write ${label}: plain DuckDB COPY to Parquet (best of ${runs})`,
      value: best(plain),
      unit: 'ms',
    },
    {
      name: `write ${label}: Iceberg commit, files + manifests + metadata (best of ${runs})`,
      value: best(iceberg),
      unit: 'ms',
    },
    {
      name: `write ${label}: ratio Iceberg / plain (best runs)`,
      value: best(iceberg) / best(plain),
      unit: 'x',
      goal: '≤ 1.05',
    },
    {
      name: `write ${label}: ratio Iceberg / plain (medians)`,
      value: median(iceberg) / median(plain),
      unit: 'x',
    },
  ];
}

async function smallCommit(
  conn: DuckDBConnection,
  catalog: ReturnType<typeof openCatalog>,
): Promise<BenchLine> {
  const table = await IcebergTable.create(
    catalog,
    { namespace: ['bench'], name: 'small_commits' },
    { conn, sql: TAXI(0) },
  );
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    table.appendFiles([syntheticDataFile(table, i, 4)]);
    times.push(performance.now() - start);
  }
  return {
    name: 'small commit (metadata work only), median of 50',
    value: median(times.slice(5)),
    unit: 'ms',
    goal: '≤ 10 ms',
  };
}

async function planning(
  conn: DuckDBConnection,
  catalog: ReturnType<typeof openCatalog>,
  snapshots: number,
): Promise<BenchLine> {
  const table = await IcebergTable.create(
    catalog,
    { namespace: ['bench'], name: 'long_history' },
    { conn, sql: TAXI(0) },
  );
  for (let s = 0; s < snapshots; s++)
    table.appendFiles(Array.from({ length: 10 }, (_, f) => syntheticDataFile(table, s * 10 + f, 4)));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    clearManifestCaches();
    const fresh = IcebergTable.load(catalog, { namespace: ['bench'], name: 'long_history' })!;
    const start = performance.now();
    const plan = fresh.scan();
    times.push(performance.now() - start);
    if (plan.files.length !== snapshots * 10) throw new Error(`planned ${plan.files.length} files`);
  }
  return {
    name: `plan a read: ${snapshots} snapshots, ${snapshots * 10} files (cold caches)`,
    value: median(times),
    unit: 'ms',
    goal: snapshots === 1000 ? '≤ 50 ms' : undefined,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printLines('Iceberg storage', await runIcebergBench({ quick: process.argv.includes('--quick') }));
}
