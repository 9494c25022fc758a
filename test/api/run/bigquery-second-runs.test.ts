import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWithDatasets, writeFakeProfile } from '../../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';
import { execute } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

let fake: BigQueryFake;
let root: string;

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.raw', 'acme.shop');
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table: 'zones',
      schema: {
        fields: [
          { name: 'location_id', type: 'INTEGER' },
          { name: 'borough', type: 'STRING' },
        ],
      },
    },
    "VALUES (1, 'Queens'), (2, 'Manhattan'), (3, 'Bronx')",
  );
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table: 'trips',
      schema: {
        fields: [
          { name: 'trip_date', type: 'DATE' },
          { name: 'amount', type: 'INTEGER' },
        ],
      },
    },
    "VALUES (DATE '2024-01-01', 10), (DATE '2024-01-01', 11), (DATE '2024-01-02', 20)",
  );
  root = tempProject({
    'ldp_project.yml': 'name: shop\nprofile: shop\n',
    'models/sources.yml': `version: 2
sources:
  - name: raw
    database: acme
    schema: raw
    tables:
      - name: zones
      - name: trips
`,
    'snapshots/zone_history.sql': `{% snapshot zone_history %}
{{ config(unique_key='location_id', strategy='check', check_cols=['borough'], hard_deletes='invalidate') }}
select location_id, borough from {{ source('raw', 'zones') }}
{% endsnapshot %}
`,
  });
  writeFakeProfile(fake, root, { profile: 'shop', project: 'acme', dataset: 'shop' });
}, 120_000);
afterAll(() => fake.stop());

/** The GoogleSQL of every (not dry-run) query job since `from`, in request order. */
function statementsSince(from: number): string[] {
  return fake.requests.slice(from).flatMap((r) => {
    const configuration = (r.body as { configuration?: Record<string, unknown> } | undefined)?.configuration;
    const query = configuration?.['query'] as { query?: string } | undefined;
    if (r.method !== 'POST' || !r.path.endsWith('/jobs') || !query?.query || configuration?.['dryRun'])
      return [];
    return [query.query.trim()];
  });
}

/** Rows of a table in the fake's DuckDB, as plain objects. */
async function fakeRows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await fake.store.conn.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** The columns a table of the fake ends with, in order. */
async function fakeColumns(dataset: string, table: string): Promise<string[]> {
  const rows = await fakeRows(`DESCRIBE "acme__${dataset}"."${table}"`);
  return rows.map((r) => String(r['column_name']));
}

describe('second runs on BigQuery', () => {
  it('a snapshot run again is one MERGE that closes changed and vanished versions and adds new ones', async () => {
    const first = await execute('build', root, { target: 'prod', select: ['zone_history'] });
    expect(first.results.map((r) => r.status)).toEqual(['success']);
    // The source changes: zone 2 moves, zone 3 vanishes, zone 4 appears.
    await fake.store.conn.run(`UPDATE "acme__raw"."zones" SET borough = 'Brooklyn' WHERE location_id = 2`);
    await fake.store.conn.run(`DELETE FROM "acme__raw"."zones" WHERE location_id = 3`);
    await fake.store.conn.run(`INSERT INTO "acme__raw"."zones" VALUES (4, 'Staten Island')`);
    fake.store.changed();
    const before = fake.requests.length;
    const second = await execute('build', root, { target: 'prod', select: ['zone_history'] });
    expect(second.results.map((r) => `${r.status} ${r.adapterResponse?.['code']}`)).toEqual([
      'success MERGE',
    ]);
    const writes = statementsSince(before);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^MERGE INTO `acme`\.`shop`\.`zone_history` AS DBT_INTERNAL_DEST/);
    const rows = await fakeRows(
      `SELECT location_id, borough, dbt_valid_to IS NULL AS is_current
       FROM "acme__shop"."zone_history" ORDER BY location_id, dbt_valid_from`,
    );
    expect(rows).toEqual([
      { location_id: '1', borough: 'Queens', is_current: true },
      { location_id: '2', borough: 'Manhattan', is_current: false },
      { location_id: '2', borough: 'Brooklyn', is_current: true },
      { location_id: '3', borough: 'Bronx', is_current: false },
      { location_id: '4', borough: 'Staten Island', is_current: true },
    ]);
    // A closed version ends where its successor begins.
    const [closed] = await fakeRows(
      `SELECT count(*) AS n FROM "acme__shop"."zone_history" AS old
       JOIN "acme__shop"."zone_history" AS new
         ON old.location_id = new.location_id AND old.dbt_valid_to = new.dbt_valid_from
       WHERE old.location_id = 2`,
    );
    expect(closed).toEqual({ n: '1' });
    expect(second.results[0]!.rowsAffected).toBe(4);
  }, 120_000);

  it('an incremental model run again adds new columns (append_new_columns), then drops lost ones (sync_all_columns)', async () => {
    const model = join(root, 'models/zone_facts.sql');
    const write = (onSchemaChange: string, columns: string) =>
      writeFileSync(
        model,
        `{{ config(materialized='incremental', unique_key='location_id', on_schema_change='${onSchemaChange}') }}
select ${columns} from {{ source('raw', 'zones') }}
`,
      );
    write('append_new_columns', 'location_id, borough');
    const first = await execute('run', root, { target: 'prod', select: ['zone_facts'] });
    expect(first.results.map((r) => r.status)).toEqual(['success']);
    expect(await fakeColumns('shop', 'zone_facts')).toEqual(['location_id', 'borough']);

    write('append_new_columns', "location_id, borough, upper(borough) as borough_upper, 'raw' as origin");
    let before = fake.requests.length;
    const appended = await execute('run', root, { target: 'prod', select: ['zone_facts'] });
    expect(appended.results.map((r) => r.status)).toEqual(['success']);
    let writes = statementsSince(before);
    expect(writes[0]).toBe(
      'ALTER TABLE `acme`.`shop`.`zone_facts`\n  ADD COLUMN `borough_upper` STRING,\n  ADD COLUMN `origin` STRING',
    );
    expect(writes.slice(1).map((sql) => sql.split(' ').slice(0, 2).join(' '))).toEqual(['MERGE INTO']);
    expect(await fakeColumns('shop', 'zone_facts')).toEqual([
      'location_id',
      'borough',
      'borough_upper',
      'origin',
    ]);
    const upper = await fakeRows(
      `SELECT location_id, borough_upper FROM "acme__shop"."zone_facts" ORDER BY location_id`,
    );
    expect(upper).toEqual([
      { location_id: '1', borough_upper: 'QUEENS' },
      { location_id: '2', borough_upper: 'BROOKLYN' },
      { location_id: '4', borough_upper: 'STATEN ISLAND' },
    ]);

    write('sync_all_columns', "location_id, upper(borough) as borough_upper, 'raw' as origin, 1 as version");
    before = fake.requests.length;
    const synced = await execute('run', root, { target: 'prod', select: ['zone_facts'] });
    expect(synced.results.map((r) => r.status)).toEqual(['success']);
    writes = statementsSince(before);
    expect(writes.slice(0, 2)).toEqual([
      'ALTER TABLE `acme`.`shop`.`zone_facts`\n  ADD COLUMN `version` INT64',
      'ALTER TABLE `acme`.`shop`.`zone_facts`\n  DROP COLUMN `borough`',
    ]);
    expect(writes.slice(2).map((sql) => sql.split(' ').slice(0, 2).join(' '))).toEqual(['MERGE INTO']);
    expect(await fakeColumns('shop', 'zone_facts')).toEqual([
      'location_id',
      'borough_upper',
      'origin',
      'version',
    ]);
  }, 120_000);

  it('a dynamic insert_overwrite run again is one script that replaces only the partitions its rows fall into', async () => {
    writeFileSync(
      join(root, 'models/daily_trips.sql'),
      `{{ config(materialized='incremental', incremental_strategy='insert_overwrite',
    partition_by={'field': 'trip_date', 'data_type': 'date'}) }}
select trip_date, amount from {{ source('raw', 'trips') }}
{% if is_incremental() %}where trip_date >= date '2024-01-02'{% endif %}
`,
    );
    const first = await execute('run', root, { target: 'prod', select: ['daily_trips'] });
    expect(first.results.map((r) => r.status)).toEqual(['success']);
    // Day 1 changes but is outside the batch; day 2 is restated with two rows; day 3 is new.
    await fake.store.conn.run(
      `UPDATE "acme__raw"."trips" SET amount = amount + 100 WHERE trip_date = DATE '2024-01-01'`,
    );
    await fake.store.conn.run(`DELETE FROM "acme__raw"."trips" WHERE trip_date = DATE '2024-01-02'`);
    await fake.store.conn.run(
      `INSERT INTO "acme__raw"."trips" VALUES (DATE '2024-01-02', 21), (DATE '2024-01-02', 22), (DATE '2024-01-03', 30)`,
    );
    fake.store.changed();
    const before = fake.requests.length;
    const second = await execute('run', root, { target: 'prod', select: ['daily_trips'] });
    expect(second.results.map((r) => `${r.status} ${r.adapterResponse?.['code']}`)).toEqual([
      'success SCRIPT',
    ]);
    const writes = statementsSince(before);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^DECLARE ldp_partitions_for_replacement ARRAY<DATE>;\nCREATE TEMP TABLE /);
    expect(writes[0]).toContain('IN UNNEST(ldp_partitions_for_replacement)');
    const rows = await fakeRows(
      `SELECT CAST(trip_date AS VARCHAR) AS day, amount FROM "acme__shop"."daily_trips" ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { day: '2024-01-01', amount: '10' },
      { day: '2024-01-01', amount: '11' },
      { day: '2024-01-02', amount: '21' },
      { day: '2024-01-02', amount: '22' },
      { day: '2024-01-03', amount: '30' },
    ]);
    // The script's temporary table and variable are gone with it.
    const temps = await fakeRows(`SELECT table_name FROM duckdb_tables() WHERE temporary`);
    expect(temps).toEqual([]);
  }, 120_000);
});
