import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperation } from '../../../src/api/index.js';
import { openCatalog } from '../../../src/catalog/index.js';
import { CollectingReporter } from '../../../src/model/reporter.js';
import { startFakeWithDatasets, writeFakeProfile } from '../../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';
import type { RecordedRequest } from '../../support/bigquery-fake/types.js';
import { execute, nodeName, statuses } from '../../support/lakehouse.js';
import { isolated } from '../../support/temp-project.js';

let fake: BigQueryFake;
let root: string;

const TRIPS = {
  fields: [
    { name: 'VendorID', type: 'INTEGER' },
    { name: 'tpep_pickup_datetime', type: 'DATETIME' },
    { name: 'tpep_dropoff_datetime', type: 'DATETIME' },
    { name: 'passenger_count', type: 'FLOAT' },
    { name: 'trip_distance', type: 'FLOAT' },
    { name: 'RatecodeID', type: 'FLOAT' },
    { name: 'store_and_fwd_flag', type: 'STRING' },
    { name: 'PULocationID', type: 'INTEGER' },
    { name: 'DOLocationID', type: 'INTEGER' },
    { name: 'payment_type', type: 'INTEGER' },
    { name: 'fare_amount', type: 'FLOAT' },
    { name: 'extra', type: 'FLOAT' },
    { name: 'mta_tax', type: 'FLOAT' },
    { name: 'tip_amount', type: 'FLOAT' },
    { name: 'tolls_amount', type: 'FLOAT' },
    { name: 'improvement_surcharge', type: 'FLOAT' },
    { name: 'total_amount', type: 'FLOAT' },
    { name: 'congestion_surcharge', type: 'FLOAT' },
    { name: 'airport_fee', type: 'FLOAT' },
    { name: 'filename', type: 'STRING' },
  ],
};

const TRIP_ROWS = `SELECT 1 + range % 2, TIMESTAMP '2024-01-01 08:00:00' + to_hours(range),
  TIMESTAMP '2024-01-01 08:20:00' + to_hours(range), 1.0, 2.5 + range, 1.0, 'N',
  CASE WHEN range % 3 = 0 THEN 132 ELSE 161 END, 161, 1 + range % 2, 10.0 + range, 0.5, 0.5,
  2.0, 0.0, 0.3, 13.3 + range, 2.5, 0.0, 'data/yellow_tripdata_2024-01.parquet'
  FROM range(6)`;

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.tlc');
  await fake.addTable({ project: 'acme', dataset: 'tlc', table: 'yellow_trips', schema: TRIPS }, TRIP_ROWS);
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'tlc',
      table: 'zones',
      schema: {
        fields: [
          { name: 'LocationID', type: 'INTEGER' },
          { name: 'Borough', type: 'STRING' },
          { name: 'Zone', type: 'STRING' },
          { name: 'service_zone', type: 'STRING' },
        ],
      },
    },
    `VALUES (132, 'Queens', 'JFK Airport', 'Airports'), (161, 'Manhattan', 'Midtown Center', 'Yellow Zone')`,
  );
  root = mkdtempSync(join(tmpdir(), 'ldp-bq-build-'));
  cpSync('example_project', root, {
    recursive: true,
    filter: (path) => !/[/\\](target|warehouse|data|logs)$/.test(path),
  });
  writeFakeProfile(fake, root, { profile: 'taxi', project: 'acme', dataset: 'taxi', threads: 4 });
}, 120_000);
afterAll(() => fake.stop());

/** The GoogleSQL of every query job ldp started, with its dry-run flag, in request order. */
function queryJobs(requests: readonly RecordedRequest[]) {
  return requests.flatMap((r) => {
    const configuration = (r.body as { configuration?: Record<string, unknown> } | undefined)?.configuration;
    const query = configuration?.['query'] as { query?: string } | undefined;
    if (r.method !== 'POST' || !r.path.endsWith('/jobs') || !query?.query) return [];
    return [{ sql: query.query, dryRun: configuration?.['dryRun'] === true }];
  });
}

/** A statement's kind: its first words (`CREATE OR REPLACE TABLE`, `MERGE INTO`, `select`). */
function kindOf(sql: string): string {
  const text = sql.trim();
  for (const kind of [
    'CREATE OR REPLACE TABLE',
    'CREATE OR REPLACE VIEW',
    'MERGE INTO',
    'INSERT INTO',
    'ALTER TABLE',
    'DROP VIEW',
  ])
    if (text.startsWith(kind)) return kind;
  return 'select';
}

/** The table a statement writes (`taxi_silver.silver_trips`), or the test query's first table. */
function targetOf(sql: string): string {
  return /`acme`\.`([^`]+)`\.`([^`]+)`/.exec(sql)?.slice(1, 3).join('.') ?? '';
}

const excludeUnit = { target: 'prod', exclude: ['test_type:unit'] };

describe('ldp build --target prod (BigQuery)', () => {
  it('runs every node as BigQuery jobs in DAG order and records what each job did', async () => {
    const before = fake.requests.length;
    const result = await execute('build', root, excludeUnit);
    const failed = result.results.filter((r) => r.status !== 'success' && r.status !== 'pass');
    expect(failed.map((r) => `${nodeName(r.uniqueId)}: ${r.message}`)).toEqual([]);
    const requests = fake.requests.slice(before);
    const jobs = queryJobs(requests).filter((j) => !j.dryRun);
    const writes = jobs.filter((j) => kindOf(j.sql) !== 'select');
    expect(writes.map((j) => `${kindOf(j.sql)} ${targetOf(j.sql)}`).sort()).toEqual(
      [
        'CREATE OR REPLACE TABLE taxi_bronze.bronze_trips',
        'CREATE OR REPLACE TABLE taxi_bronze.bronze_zones',
        'CREATE OR REPLACE TABLE taxi_silver.silver_trips',
        'CREATE OR REPLACE TABLE taxi_silver.silver_zones',
        'CREATE OR REPLACE TABLE taxi_silver.zone_history',
        'CREATE OR REPLACE TABLE taxi_gold.gold_airport_trips',
        'CREATE OR REPLACE TABLE taxi_gold.gold_daily_revenue_by_borough',
        'CREATE OR REPLACE TABLE taxi_gold.gold_payment_mix',
        'CREATE OR REPLACE VIEW taxi_gold.gold_tip_rates',
      ].sort(),
    );
    // bronze_trips is partitioned by day of its pickup time, typed from a dry run of its query.
    const bronze = writes.find((j) => targetOf(j.sql) === 'taxi_bronze.bronze_trips')!;
    expect(bronze.sql).toContain('PARTITION BY datetime_trunc(`tpep_pickup_datetime`, day)');
    // No child's job starts before its parents' jobs finished: silver after bronze, gold after silver.
    const order = writes.map((j) => targetOf(j.sql));
    const at = (t: string) => order.indexOf(t);
    expect(at('taxi_bronze.bronze_trips')).toBeLessThan(at('taxi_silver.silver_trips'));
    expect(at('taxi_bronze.bronze_zones')).toBeLessThan(at('taxi_silver.silver_zones'));
    expect(at('taxi_silver.silver_zones')).toBeLessThan(at('taxi_silver.silver_trips'));
    expect(at('taxi_silver.silver_trips')).toBeLessThan(at('taxi_gold.gold_payment_mix'));
    expect(at('taxi_silver.silver_zones')).toBeLessThan(at('taxi_silver.zone_history'));
    const times = new Map(
      result.results.map((r) => [nodeName(r.uniqueId), [r.startedAt.getTime(), r.completedAt.getTime()]]),
    );
    for (const [child, parent] of [
      ['silver_trips', 'bronze_trips'],
      ['silver_trips', 'silver_zones'],
      ['gold_payment_mix', 'payment_types'],
      ['gold_tip_rates', 'silver_trips'],
    ] as const)
      expect(times.get(child)![0]!).toBeGreaterThanOrEqual(times.get(parent)![1]!);

    // The seed is a load job: the CSV uploaded with its schema inferred locally.
    const load = requests.find((r) => r.path.startsWith('/upload/'))!;
    expect(load.query['uploadType']).toBe('multipart');
    const loadBody = String(load.body);
    expect(loadBody).toContain('"writeDisposition":"WRITE_TRUNCATE"');
    expect(loadBody).toContain('{"name":"payment_type_id","type":"INT64","mode":"NULLABLE"}');
    expect(loadBody).toContain('{"name":"description","type":"STRING","mode":"NULLABLE"}');
    expect(loadBody).toContain('1,Credit card');
    expect(await fake.store.rowCount('"acme__taxi_bronze"."payment_types"')).toBeGreaterThan(5);

    // Data tests are one query job each, counting failures.
    const tests = jobs.filter((j) => j.sql.startsWith('select failures'));
    expect(tests.length).toBe(result.results.filter((r) => r.uniqueId.startsWith('test.')).length);

    // adapter_response as dbt-bigquery writes it, in run_results.json and the run tables.
    const runResults = JSON.parse(readFileSync(join(root, 'target', 'run_results.json'), 'utf8')) as {
      results: { unique_id: string; adapter_response: Record<string, unknown> }[];
    };
    const silver = runResults.results.find((r) => r.unique_id === 'model.taxi.silver_trips')!;
    expect(Object.keys(silver.adapter_response).sort()).toEqual(
      [
        '_message',
        'bytes_billed',
        'bytes_processed',
        'code',
        'job_id',
        'location',
        'project_id',
        'rows_affected',
        'slot_ms',
      ].sort(),
    );
    expect(silver.adapter_response).toMatchObject({
      code: 'CREATE TABLE',
      project_id: 'acme',
      location: 'US',
    });
    expect(Number(silver.adapter_response['bytes_processed'])).toBeGreaterThan(0);
    const line = result.reporter.events.find(
      (e) => e.kind === 'node-end' && e.uniqueId === 'model.taxi.silver_trips',
    ) as { detail: string };
    expect(line.detail).toMatch(
      /^CREATE TABLE \(\d+ rows?, [\d.]+ (B|KiB) processed, \d+ slot ms, job acme:US\.\S+\)$/,
    );
    const warnings = result.reporter.events.flatMap((e) =>
      e.kind === 'diagnostic' ? [`${e.diagnostic.code} ${e.diagnostic.message}`] : [],
    );
    expect(warnings).toEqual([]);
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      const row = catalog.db
        .prepare(
          "SELECT details FROM ldp_run_results WHERE unique_id = 'model.taxi.silver_trips' ORDER BY rowid DESC LIMIT 1",
        )
        .get() as { details: string };
      expect(JSON.parse(row.details)).toMatchObject({ job_id: silver.adapter_response['job_id'] });
      const lineage = catalog.readLineage();
      expect(lineage.edges).toContainEqual(
        expect.objectContaining({ parentId: 'model.taxi.bronze_trips', childId: 'model.taxi.silver_trips' }),
      );
      // Column lineage as for a local run: the GoogleSQL read by DuckDB's parser, traced against
      // the columns BigQuery reports for each table.
      const columnEdges = (childId: string) =>
        lineage.columnEdges
          .filter((e) => e.childId === childId)
          .map(
            (e) =>
              `${e.childColumn} <- ${e.parentId.split('.').slice(2).join('.')}.${e.parentColumn} (${e.kind})`,
          )
          .sort();
      expect(columnEdges('model.taxi.gold_daily_revenue_by_borough')).toEqual([
        'avg_total_amount <- silver_trips.total_amount (aggregate)',
        'borough <- silver_trips.pickup_borough (copy)',
        'miles <- silver_trips.trip_distance_miles (aggregate)',
        'revenue <- silver_trips.total_amount (aggregate)',
        'trip_date <- silver_trips.pickup_at (transform)',
      ]);
      // Through the ephemeral silver_card_trips (its filter) to silver_trips.
      expect(columnEdges('model.taxi.gold_tip_rates')).toEqual([
        'avg_tip_pct <- silver_trips.fare_amount (aggregate)',
        'avg_tip_pct <- silver_trips.payment_type_id (filter)',
        'avg_tip_pct <- silver_trips.tip_amount (aggregate)',
        'borough <- silver_trips.fare_amount (filter)',
        'borough <- silver_trips.payment_type_id (filter)',
        'borough <- silver_trips.pickup_borough (copy)',
        'card_trips <- silver_trips.fare_amount (filter)',
        'card_trips <- silver_trips.payment_type_id (filter)',
        'pickup_hour <- silver_trips.fare_amount (filter)',
        'pickup_hour <- silver_trips.payment_type_id (filter)',
        'pickup_hour <- silver_trips.pickup_at (transform)',
      ]);
      // GoogleSQL's bare date part (`datetime_diff(…, second)`) is no column; raw strings parse.
      const silverEdges = columnEdges('model.taxi.silver_trips');
      expect(
        silverEdges.filter((e) => e.startsWith('duration_minutes') && e.endsWith('(transform)')),
      ).toEqual([
        'duration_minutes <- bronze_trips.tpep_dropoff_datetime (transform)',
        'duration_minutes <- bronze_trips.tpep_pickup_datetime (transform)',
      ]);
      expect(silverEdges).toContain('pickup_borough <- silver_zones.borough (copy)');
      // Sources' columns come from BigQuery's table schema.
      expect(columnEdges('model.taxi.bronze_trips')).toEqual(
        expect.arrayContaining([
          'VendorID <- tlc.yellow_trips.VendorID (copy)',
          'source_month <- tlc.yellow_trips.filename (transform)',
        ]),
      );
    } finally {
      catalog.close();
    }
    // Nothing was written to a local Iceberg table.
    expect(existsSync(join(root, 'warehouse', 'taxi_silver'))).toBe(false);
  }, 240_000);

  it('runs unit tests with their fixtures as GoogleSQL literals, in one query job each', async () => {
    const before = fake.requests.length;
    const result = await execute('test', root, { target: 'prod', select: ['test_type:unit'] });
    expect(
      result.results.map((r) => `${nodeName(r.uniqueId)} ${r.status} ${r.message ?? ''}`.trim()),
    ).toEqual(['gold_payment_mix.payment_mix_shares_and_unknown_types pass']);
    const sql = queryJobs(fake.requests.slice(before)).find((j) => !j.dryRun)!.sql;
    expect(sql).toContain('WITH ldp_actual AS (\nWITH `__ldp_input__silver_trips` AS (\nSELECT ');
    expect(sql).toContain("CAST('1' AS INT64) AS `payment_type_id`");
    expect(sql).toContain("CAST('15.5' AS FLOAT64) AS `total_amount`");
    expect(sql).toContain('ldp_expected AS (');
  }, 120_000);

  it('run-operation runs a macro whose statements are query jobs', async () => {
    writeFileSync(
      join(root, 'macros/ops_count.sql'),
      `{% macro count_zones(model) %}
{% set rows = run_query('select count(*) as n from ' ~ ref(model)) %}
{{ return(rows.rows[0][0]) }}
{% endmacro %}
`,
    );
    const before = fake.requests.length;
    const result = await runOperation({
      ...isolated(root),
      reporter: new CollectingReporter(),
      target: 'prod',
      macro: 'count_zones',
      args: '{model: silver_zones}',
    });
    expect(result.returned).toBe('2');
    expect(queryJobs(fake.requests.slice(before)).map((j) => j.sql.trim())).toEqual([
      'select count(*) as n from `acme`.`taxi_silver`.`silver_zones`',
    ]);
  }, 120_000);

  it('runs an incremental model again as a MERGE on the existing BigQuery table', async () => {
    const before = fake.requests.length;
    const result = await execute('run', root, { target: 'prod', select: ['gold_daily_revenue_by_borough'] });
    expect(result.results.map((r) => r.message ?? r.status)).toEqual(['success']);
    const writes = queryJobs(fake.requests.slice(before)).filter((j) => !j.dryRun);
    expect(writes.map((j) => kindOf(j.sql))).toEqual(['MERGE INTO']);
    expect(writes[0]!.sql).toContain('ON DBT_INTERNAL_SOURCE.`trip_date` = DBT_INTERNAL_DEST.`trip_date`');
    expect(result.results[0]!.adapterResponse).toMatchObject({ code: 'MERGE' });
  }, 120_000);

  it('--dry-run prints the bytes each node would process and the total, and runs only dry-run jobs', async () => {
    const before = fake.requests.length;
    const result = await execute('build', root, { ...excludeUnit, dryRun: true });
    const jobs = queryJobs(fake.requests.slice(before));
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.dryRun)).toBe(true);
    expect(fake.requests.slice(before).some((r) => r.path.startsWith('/upload/'))).toBe(false);
    const silver = result.results.find((r) => r.uniqueId === 'model.taxi.silver_trips')!;
    expect(silver.detail).toMatch(/^DRY RUN \([\d.]+ (B|KiB) would be processed\)$/);
    const info = result.reporter.events
      .filter((e) => e.kind === 'info')
      .map((e) => (e as { message: string }).message);
    expect(
      info.some((m) =>
        /^Dry run: \d+ nodes would process .* in total\. Nothing was run, billed or written\.$/.test(m),
      ),
    ).toBe(true);
  }, 120_000);

  it('--dry-run says when a node cannot be estimated because its parents are not built yet', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'ldp-bq-dry-'));
    cpSync(root, fresh, { recursive: true });
    writeFakeProfile(fake, fresh, { profile: 'taxi', project: 'acme', dataset: 'fresh' });
    const result = await execute('run', fresh, { target: 'prod', dryRun: true });
    const silver = result.results.find((r) => r.uniqueId === 'model.taxi.silver_trips')!;
    expect(silver.status).toBe('warn');
    expect(silver.message).toContain(
      "model 'silver_trips' cannot be estimated: the dataset acme:fresh_bronze it reads is not built yet",
    );
    expect(result.failed).toBe(false);
  }, 120_000);

  it('--dry-run on a local target is a clear error, before anything runs', async () => {
    const error = await execute('run', root, { dryRun: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LDP886' });
    expect(String(error)).toContain("--dry-run estimates BigQuery jobs; target 'dev' is of type duckdb");
  }, 120_000);

  it('fails a model with BigQuery message, job id and compiled file:line, and skips its children', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'ldp-bq-fail-'));
    cpSync(root, broken, { recursive: true });
    writeFakeProfile(fake, broken, { profile: 'taxi', project: 'acme', dataset: 'broken' });
    writeFileSync(
      join(broken, 'models/silver/silver_zones.sql'),
      "select\n    location_id,\n    no_such_column as borough\nfrom {{ ref('bronze_zones') }}\n",
    );
    const result = await execute('run', broken, { target: 'prod' });
    const zones = result.results.find((r) => r.uniqueId === 'model.taxi.silver_zones')!;
    expect(zones.status).toBe('error');
    expect(zones.error?.code).toBe('LDP491');
    expect(zones.message).toMatch(/BigQuery invalidQuery: .*no_such_column.* \(job acme:US\.\S+\)/);
    expect(zones.error?.span?.file).toBe('target/compiled/taxi/models/silver/silver_zones.sql');
    const s = statuses(result);
    expect(s['silver_trips']).toBe('skipped');
    expect(s['gold_payment_mix']).toBe('skipped');
    expect(s['bronze_trips']).toBe('success');
    expect(result.failed).toBe(true);
  }, 120_000);
});
