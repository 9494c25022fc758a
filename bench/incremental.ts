/**
 * Incremental runs: a month of taxi trips (the silver model, partitioned by day) is built with
 * `--full-refresh`, then one run brings one new day (~1 % of the rows) and updates to ~0.1 % of
 * the rows of the two days before it. For each strategy the incremental run is timed as a ratio
 * to the full refresh of the same table in the same bench, and its rows are checked against a
 * full rebuild over the same source files (the bench fails when they differ). The ratio is given
 * for wall time (the goal: what a user waits) and for CPU time (user + system of the whole
 * process), which a busy machine disturbs less.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openCatalog } from '../src/catalog/index.js';
import { generateTaxiData } from '../src/demo/index.js';
import { openTable } from '../src/iceberg/index.js';
import { type BenchLine, median, type ProcessSample, runLdp } from './support/measure.js';

const STRATEGIES = ['append', 'merge', 'delete+insert', 'insert_overwrite'] as const;
type Strategy = (typeof STRATEGIES)[number];

/** Days before the new day whose rows get updates (late corrections of tips). */
const UPDATED_DAYS = 2;

export async function runIncrementalBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const rows of options.quick ? [200_000] : [1_000_000, 10_000_000])
    lines.push(...(await incrementalRuns(rows, rows >= 10_000_000 ? 1 : 2)));
  return lines;
}

async function incrementalRuns(rows: number, runs: number): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-incr-'));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await writeSourceFiles(conn, dir, rows);
    writeProject(dir);
    runLdp(['compile'], dir);
    const label = `${(rows / 1e6).toLocaleString('en-US')}M rows`;
    const lines: BenchLine[] = [];
    for (const strategy of STRATEGIES) {
      const model = modelName(strategy);
      const full: ProcessSample[] = [];
      const incremental: ProcessSample[] = [];
      let rewritten = 0;
      for (let i = 0; i < runs; i++) {
        withDelta(dir, false);
        full.push(runLdp(['run', '-s', model, '--full-refresh'], dir));
        withDelta(dir, true);
        incremental.push(runLdp(['run', '-s', model], dir));
        rewritten = lastSnapshotDeletedRecords(dir, model);
      }
      const afterIncremental = await fingerprint(conn, dir, model);
      runLdp(['run', '-s', model, '--full-refresh'], dir);
      const rebuilt = await fingerprint(conn, dir, model);
      if (afterIncremental !== rebuilt)
        throw new Error(`${strategy}: incremental rows ${afterIncremental} ≠ full rebuild ${rebuilt}`);
      const wall = (samples: ProcessSample[]) => median(samples.map((s) => s.wallMs));
      const cpu = (samples: ProcessSample[]) => median(samples.map((s) => s.cpuMs));
      lines.push(
        { name: `${strategy} ${label}: full refresh`, value: wall(full), unit: 'ms' },
        {
          name: `${strategy} ${label}: incremental run (rows equal a rebuild)`,
          value: wall(incremental),
          unit: 'ms',
        },
        {
          name: `${strategy} ${label}: rows rewritten by the incremental run`,
          value: rewritten,
          unit: 'rows',
        },
        {
          name: `${strategy} ${label}: ratio incremental / full refresh (wall)`,
          value: wall(incremental) / wall(full),
          unit: '×',
          goal: '≤ 0.10',
        },
        {
          name: `${strategy} ${label}: ratio incremental / full refresh (CPU)`,
          value: cpu(incremental) / cpu(full),
          unit: '×',
        },
      );
    }
    return lines;
  } finally {
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `data/trips_0.parquet`: one month of trips with an id in pickup order (as a source system
 * assigns them), batch 0; `delta/trips_1.parquet`: the next day's trips and corrected tips for
 * ~0.1 % of the rows of the days before it, batch 1.
 */
async function writeSourceFiles(conn: DuckDBConnection, dir: string, rows: number): Promise<void> {
  const generated = join(dir, 'generated');
  await generateTaxiData({ outDir: generated, months: ['2023-01'], rowsPerMonth: rows });
  // One day of February at the January rate is ~1/31 of a month: generate 28 days' worth, keep day 1.
  await generateTaxiData({
    outDir: generated,
    months: ['2023-02'],
    rowsPerMonth: Math.round(rows * 0.01 * 28),
    seed: 7,
  });
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'delta'), { recursive: true });
  const order =
    'tpep_pickup_datetime, tpep_dropoff_datetime, PULocationID, DOLocationID, total_amount, fare_amount';
  const base = join(dir, 'data', 'trips_0.parquet');
  await conn.run(
    `COPY (SELECT row_number() OVER (ORDER BY ${order}) AS trip_id, 0 AS batch, * EXCLUDE (airport_fee)
       FROM read_parquet('${generated}/yellow_tripdata_2023-01.parquet')
       WHERE tpep_pickup_datetime >= '2023-01-01' AND tpep_pickup_datetime < '2023-02-01')
     TO '${base}' (FORMAT parquet)`,
  );
  const firstUpdated = `TIMESTAMP '2023-02-01' - INTERVAL ${UPDATED_DAYS} DAY`;
  // Every k-th row of the updated days, so that ~0.1 % of the month's rows change.
  await conn.run(
    `COPY (
       SELECT (SELECT max(trip_id) FROM '${base}') + row_number() OVER (ORDER BY ${order}) AS trip_id, 1 AS batch,
              * EXCLUDE (airport_fee)
         FROM read_parquet('${generated}/yellow_tripdata_2023-02.parquet')
        WHERE tpep_pickup_datetime >= '2023-02-01' AND tpep_pickup_datetime < '2023-02-02'
       UNION ALL
       SELECT trip_id, 1 AS batch, * EXCLUDE (trip_id, batch, tip_amount, total_amount),
              tip_amount + 1 AS tip_amount, total_amount + 1 AS total_amount
         FROM '${base}'
        WHERE tpep_pickup_datetime >= ${firstUpdated}
          AND trip_id % (SELECT greatest(1, round(count(*) FILTER (WHERE tpep_pickup_datetime >= ${firstUpdated}) / (count(*) * 0.001)))::BIGINT FROM '${base}') = 0
     ) TO '${join(dir, 'delta', 'trips_1.parquet')}' (FORMAT parquet)`,
  );
  rmSync(generated, { recursive: true, force: true });
}

/** Makes the delta file visible to the source (`data/trips_*.parquet`) or hides it. */
function withDelta(dir: string, visible: boolean): void {
  const inData = join(dir, 'data', 'trips_1.parquet');
  const aside = join(dir, 'delta', 'trips_1.parquet');
  rmSync(inData, { force: true });
  if (visible) copyFileSync(aside, inData);
}

function modelName(strategy: Strategy): string {
  return `trips_${strategy.replace('+', '_')}`;
}

const COLUMNS = `trip_id, batch,
    VendorID::integer as vendor_id,
    tpep_pickup_datetime as pickup_at,
    tpep_dropoff_datetime as dropoff_at,
    passenger_count::integer as passenger_count,
    trip_distance as trip_distance_miles,
    RatecodeID::integer as rate_code_id,
    store_and_fwd_flag = 'Y' as store_and_forward,
    PULocationID::integer as pickup_location_id,
    DOLocationID::integer as dropoff_location_id,
    payment_type::integer as payment_type_id,
    fare_amount, extra, mta_tax, tip_amount, tolls_amount, improvement_surcharge,
    coalesce(congestion_surcharge, 0) as congestion_surcharge,
    total_amount`;

/** The silver model for a strategy: the newest version of each trip (append: every version). */
function modelSql(strategy: Strategy): string {
  const key = strategy === 'append' ? '' : ", unique_key='trip_id'";
  const config = `{{ config(materialized='incremental', incremental_strategy='${strategy}'${key}, partition_by=[{'field': 'pickup_at', 'transform': 'day'}]) }}`;
  const source = "{{ source('raw', 'trips') }}";
  const newer = 'batch > (select max(batch) from {{ this }})';
  const where =
    strategy === 'insert_overwrite'
      ? `where tpep_pickup_datetime::date in (select distinct tpep_pickup_datetime::date from ${source} where ${newer})`
      : `where ${newer}`;
  const latest =
    strategy === 'append' ? '' : '\nqualify row_number() over (partition by trip_id order by batch desc) = 1';
  return `${config}\nselect ${COLUMNS}\nfrom ${source}\n{% if is_incremental() %}\n${where}\n{% endif %}${latest}\n`;
}

function writeProject(dir: string): void {
  writeFileSync(join(dir, 'ldp_project.yml'), 'name: incr\n');
  mkdirSync(join(dir, 'models', 'silver'), { recursive: true });
  writeFileSync(
    join(dir, 'models', 'sources.yml'),
    'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: trips\n        location: data/trips_*.parquet\n        format: parquet\n',
  );
  for (const strategy of STRATEGIES)
    writeFileSync(join(dir, 'models', 'silver', `${modelName(strategy)}.sql`), modelSql(strategy));
}

/** Row count and an order-independent hash of every row of the table's current snapshot. */
async function fingerprint(conn: DuckDBConnection, dir: string, model: string): Promise<string> {
  const catalog = openCatalog({ warehousePath: join(dir, 'warehouse'), readOnly: true });
  try {
    const table = openTable(catalog, { namespace: ['silver'], name: model });
    if (!table) throw new Error(`no table silver.${model}`);
    await conn.run("SET TimeZone = 'UTC'");
    const reader = await conn.runAndReadAll(
      `SELECT count(*)::VARCHAR || ' rows, hash ' || sum(hash(t)::HUGEINT)::VARCHAR AS f FROM (${table.scan().sql}) AS t`,
    );
    return String(reader.getRowObjectsJson()[0]?.['f']);
  } finally {
    catalog.close();
  }
}

function lastSnapshotDeletedRecords(dir: string, model: string): number {
  const catalog = openCatalog({ warehousePath: join(dir, 'warehouse'), readOnly: true });
  try {
    const snapshot = openTable(catalog, { namespace: ['silver'], name: model })?.currentSnapshot;
    return Number(snapshot?.summary['deleted-records'] ?? 0);
  } finally {
    catalog.close();
  }
}
