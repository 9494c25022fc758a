import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedTaxiData, generateTaxiData, YELLOW_TRIP_COLUMNS } from '../../src/demo/index.js';
import { LdpError } from '../../src/errors/index.js';

const ROWS = 100_000;
let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;
let data: GeneratedTaxiData;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function one(sql: string): Promise<Record<string, unknown>> {
  return (await rows(sql))[0]!;
}

/** A hash of every value in file order: equal hashes mean equal data, whatever the file bytes. */
async function contentHash(path: string): Promise<string> {
  const row = await one(
    `SELECT md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY file_row_number)) AS h
     FROM read_parquet('${path}', file_row_number = true) t`,
  );
  return String(row['h']);
}

const jan = () => `read_parquet('${data.files[0]!.path}')`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ldp-demo-'));
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  data = await generateTaxiData({ outDir: dir, months: ['2023-01', '2024-02'], rowsPerMonth: ROWS, seed: 7 });
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('generateTaxiData', () => {
  it('writes one TLC-named Parquet file per month and the zone lookup', () => {
    expect(data.files.map((f) => f.path)).toEqual([
      join(dir, 'yellow_tripdata_2023-01.parquet'),
      join(dir, 'yellow_tripdata_2024-02.parquet'),
    ]);
    expect(data.files.map((f) => f.rows)).toEqual([ROWS, ROWS]);
    expect(data.zonesPath).toBe(join(dir, 'taxi_zone_lookup.csv'));
    expect(readdirSync(dir).sort()).toEqual([
      'taxi_zone_lookup.csv',
      'yellow_tripdata_2023-01.parquet',
      'yellow_tripdata_2024-02.parquet',
    ]);
  });

  it('has the exact 2023 schema: names and types in order', async () => {
    const described = await rows(`DESCRIBE SELECT * FROM ${jan()}`);
    expect(described.map((r) => [r['column_name'], r['column_type']])).toEqual(
      YELLOW_TRIP_COLUMNS.map((c) => [c.name, c.type]),
    );
    expect(described.map((r) => r['column_name'])).toEqual([
      'VendorID',
      'tpep_pickup_datetime',
      'tpep_dropoff_datetime',
      'passenger_count',
      'trip_distance',
      'RatecodeID',
      'store_and_fwd_flag',
      'PULocationID',
      'DOLocationID',
      'payment_type',
      'fare_amount',
      'extra',
      'mta_tax',
      'tip_amount',
      'tolls_amount',
      'improvement_surcharge',
      'total_amount',
      'congestion_surcharge',
      'airport_fee',
    ]);
  });

  it('writes the requested number of rows, with pickups inside the month', async () => {
    const row = await one(
      `SELECT count(*) AS n,
         count(*) FILTER (WHERE tpep_pickup_datetime >= '2023-01-01' AND tpep_pickup_datetime < '2023-02-01') AS inside
       FROM ${jan()}`,
    );
    expect(Number(row['n'])).toBe(ROWS);
    expect(Number(row['inside'])).toBeGreaterThan(ROWS * 0.999);
    const feb = await one(
      `SELECT min(tpep_pickup_datetime)::DATE::VARCHAR AS lo, max(tpep_pickup_datetime)::DATE::VARCHAR AS hi
       FROM read_parquet('${data.files[1]!.path}') WHERE tpep_pickup_datetime >= '2024-02-01'`,
    );
    expect(feb).toEqual({ lo: '2024-02-01', hi: '2024-02-29' });
  });

  it('has the NULL pattern of the real files: five columns NULL together, payment_type 0', async () => {
    const row = await one(
      `SELECT count(*) FILTER (WHERE passenger_count IS NULL) AS nulls,
         count(*) FILTER (WHERE passenger_count IS NULL AND "RatecodeID" IS NULL AND store_and_fwd_flag IS NULL
           AND congestion_surcharge IS NULL AND airport_fee IS NULL AND payment_type = 0) AS together,
         count(*) FILTER (WHERE (passenger_count IS NULL) <> (airport_fee IS NULL)) AS apart
       FROM ${jan()}`,
    );
    expect(Number(row['nulls']) / ROWS).toBeGreaterThan(0.015);
    expect(Number(row['nulls']) / ROWS).toBeLessThan(0.035);
    expect(row['together']).toBe(row['nulls']);
    expect(Number(row['apart'])).toBe(0);
  });

  it('has refunds with negative amounts, and junk rows for cleaning', async () => {
    const row = await one(
      `SELECT count(*) FILTER (WHERE fare_amount < 0) AS negative,
         count(*) FILTER (WHERE fare_amount < 0 AND total_amount >= 0) AS odd_refunds,
         count(*) FILTER (WHERE trip_distance = 0) AS zero_distance,
         count(*) FILTER (WHERE tpep_dropoff_datetime < tpep_pickup_datetime) AS backwards,
         count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM ${jan()})) AS duplicates
       FROM ${jan()}`,
    );
    expect(Number(row['negative']) / ROWS).toBeGreaterThan(0.005);
    expect(Number(row['negative']) / ROWS).toBeLessThan(0.02);
    expect(Number(row['odd_refunds'])).toBe(0);
    expect(Number(row['zero_distance'])).toBeGreaterThan(0);
    expect(Number(row['backwards'])).toBeGreaterThan(0);
    expect(Number(row['duplicates'])).toBeGreaterThan(0);
    expect(Number(row['duplicates'])).toBeLessThan(20);
  });

  it('prices trips consistently: total is the sum of the parts, fees where they apply', async () => {
    const row = await one(
      `SELECT
         count(*) FILTER (WHERE abs(total_amount - (fare_amount + extra + mta_tax + tip_amount + tolls_amount
           + improvement_surcharge + coalesce(congestion_surcharge, 0) + coalesce(airport_fee, 0))) > 0.011) AS bad_total,
         count(*) FILTER (WHERE abs(airport_fee) > 0 AND "PULocationID" NOT IN (132, 138)) AS fee_elsewhere,
         count(*) FILTER (WHERE airport_fee IN (1.25, 1.75) AND "PULocationID" IN (132, 138)) AS airport_fees,
         count(*) FILTER (WHERE payment_type = 2 AND tip_amount <> 0) AS cash_tips,
         avg(tip_amount) FILTER (WHERE payment_type = 1) AS card_tip,
         count(*) FILTER (WHERE "RatecodeID" = 2 AND fare_amount NOT IN (70, -70)) AS jfk_not_flat,
         median(trip_distance) AS median_distance, avg(trip_distance) AS mean_distance
       FROM ${jan()}`,
    );
    expect(Number(row['bad_total'])).toBe(0);
    expect(Number(row['fee_elsewhere'])).toBe(0);
    expect(Number(row['airport_fees'])).toBeGreaterThan(ROWS * 0.02);
    expect(Number(row['cash_tips'])).toBe(0);
    expect(Number(row['card_tip'])).toBeGreaterThan(2);
    expect(Number(row['jfk_not_flat'])).toBe(0);
    // Skewed like the real data: a long right tail pulls the mean above the median.
    expect(Number(row['median_distance'])).toBeGreaterThan(1);
    expect(Number(row['mean_distance'])).toBeGreaterThan(Number(row['median_distance']));
  });

  it('follows the daily rhythm: evening rush busier than the small hours', async () => {
    const byHour = await rows(
      `SELECT hour(tpep_pickup_datetime) AS h, count(*) AS n FROM ${jan()} GROUP BY 1 ORDER BY 1`,
    );
    const count = (h: number) => Number(byHour.find((r) => Number(r['h']) === h)?.['n'] ?? 0);
    expect(count(18)).toBeGreaterThan(count(4) * 4);
  });

  it('gives the same data for the same seed and other data for another seed', async () => {
    const again = mkdtempSync(join(tmpdir(), 'ldp-demo-again-'));
    try {
      // One thread instead of the default: the rows and their order must not depend on it.
      const single = await DuckDBInstance.create(':memory:', { threads: '1' });
      const singleConn = await single.connect();
      const same = await generateTaxiData({
        outDir: again,
        months: ['2023-01'],
        rowsPerMonth: ROWS,
        seed: 7,
        connection: singleConn,
      });
      singleConn.closeSync();
      single.closeSync();
      expect(await contentHash(same.files[0]!.path)).toBe(await contentHash(data.files[0]!.path));
      const other = await generateTaxiData({
        outDir: join(again, 'other'),
        months: ['2023-01'],
        rowsPerMonth: ROWS,
        seed: 8,
        connection: conn,
      });
      expect(await contentHash(other.files[0]!.path)).not.toBe(await contentHash(data.files[0]!.path));
      // The caller's connection stays open.
      expect(await one('SELECT 1 AS x')).toEqual({ x: 1 });
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('writes the 265-row zone lookup quoted like the TLC file', async () => {
    const text = readFileSync(data.zonesPath, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('"LocationID","Borough","Zone","service_zone"');
    expect(lines).toHaveLength(266);
    expect(lines).toContain('1,"EWR","Newark Airport","EWR"');
    expect(lines).toContain('132,"Queens","JFK Airport","Airports"');
    expect(lines).toContain('138,"Queens","LaGuardia Airport","Airports"');
    expect(lines).toContain('161,"Manhattan","Midtown Center","Yellow Zone"');
    expect(lines).toContain('41,"Manhattan","Central Harlem","Boro Zone"');
    expect(lines).toContain('264,"Unknown","N/A","N/A"');
    expect(lines).toContain('265,"N/A","Outside of NYC","N/A"');
    const read = await one(
      `SELECT count(*) AS n, count(DISTINCT "LocationID") AS ids, max("LocationID") AS top FROM read_csv('${data.zonesPath}')`,
    );
    expect(read).toEqual({ n: '265', ids: '265', top: '265' });
  });

  it('only uses zone ids of the lookup', async () => {
    const row = await one(
      `SELECT count(*) AS outside FROM ${jan()}
       WHERE "PULocationID" NOT BETWEEN 1 AND 265 OR "DOLocationID" NOT BETWEEN 1 AND 265`,
    );
    expect(Number(row['outside'])).toBe(0);
  });

  it('rejects bad arguments with a user error', async () => {
    const outDir = join(dir, 'never');
    const attempts = [
      { outDir, months: ['2023-13'] },
      { outDir, months: ['2023-1'] },
      { outDir, months: ['2023-01'], rowsPerMonth: 0 },
      { outDir, months: ['2023-01'], rowsPerMonth: 1.5 },
      { outDir, months: ['2023-01'], seed: -1 },
      { outDir, months: ['2023-01'], scale: 0 },
    ];
    for (const options of attempts) {
      const error = await generateTaxiData(options).catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(LdpError);
      expect((error as LdpError).code).toBe('LDP910');
      expect((error as LdpError).hint).toBeTruthy();
    }
    expect(existsSync(outDir)).toBe(false);
  });

  it('defaults to the real January 2023 volume scaled by `scale`', async () => {
    const small = mkdtempSync(join(tmpdir(), 'ldp-demo-scaled-'));
    try {
      const result = await generateTaxiData({
        outDir: small,
        months: ['2023-03'],
        scale: 0.001,
        connection: conn,
      });
      expect(result.files[0]!.rows).toBe(3067);
      const row = await one(`SELECT count(*) AS n FROM read_parquet('${result.files[0]!.path}')`);
      expect(Number(row['n'])).toBe(3067);
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });
});
