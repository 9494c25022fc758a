import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceLoad } from '../../../src/api/index.js';
import { CollectingReporter } from '../../../src/model/reporter.js';
import { startFakeWithDatasets } from '../../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';
import { execute, hasTable, snapshotsOf, statuses, tableRows } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';

let fake: BigQueryFake;
let root: string;

const ORDERS = {
  fields: [
    { name: 'id', type: 'INTEGER', mode: 'REQUIRED' as const },
    { name: 'amount', type: 'NUMERIC' },
    { name: 'big', type: 'BIGNUMERIC' },
    { name: 'paid', type: 'BOOLEAN' },
    { name: 'placed_at', type: 'TIMESTAMP' },
    { name: 'local_time', type: 'DATETIME' },
    { name: 'day', type: 'DATE' },
    { name: 'shape', type: 'GEOGRAPHY' },
    { name: 'doc', type: 'JSON' },
    { name: 'raw', type: 'BYTES' },
    {
      name: 'customer',
      type: 'RECORD',
      fields: [
        { name: 'name', type: 'STRING' },
        { name: 'since', type: 'TIMESTAMP' },
      ],
    },
    { name: 'tags', type: 'STRING', mode: 'REPEATED' as const },
  ],
};

const ORDER_ROWS = `SELECT range, range * 1.25, '123456789012345678901234567890.123456789', range % 2 = 0,
  TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(range * 1000001),
  TIMESTAMP '2024-02-01 10:00:00' + to_seconds(range), DATE '2024-03-01' + CAST(range AS INTEGER),
  'POINT(' || range || ' 1)', '{"k":' || range || '}', 'hi'::BLOB,
  {name: 'c' || range, since: TIMESTAMPTZ '2020-01-01 00:00:00.000001+00'}, ['a', 'b' || range]
  FROM range(25)`;

const EVENTS = {
  fields: [
    { name: 'event_id', type: 'INTEGER' },
    { name: 'kind', type: 'STRING' },
    { name: 'event_at', type: 'TIMESTAMP' },
  ],
};

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.raw@EU');
  await fake.addTable({ project: 'acme', dataset: 'raw', table: 'orders', schema: ORDERS }, ORDER_ROWS);
  await fake.addTable(
    { project: 'acme', dataset: 'raw', table: 'events', schema: EVENTS },
    `SELECT range, CASE WHEN range = 3 THEN 'test' ELSE 'click' END, TIMESTAMPTZ '2024-05-01 00:00:00+00' + to_minutes(range) FROM range(10)`,
  );
  const key = fake.addServiceAccount('loader@acme.iam.gserviceaccount.com', ['acme']);
  root = tempProject({
    'ldp_project.yml': 'name: shop\n',
    'profiles.yml': `shop:
  target: dev
  outputs:
    dev:
      type: duckdb
    prod:
      type: bigquery
      method: service-account
      keyfile: KEYFILE
      project: acme
      dataset: analytics
      location: EU
      api_endpoint: ${fake.url}
`,
    'models/sources.yml': `version: 2
sources:
  - name: shop_raw
    schema: bronze
    meta:
      bigquery: {project: acme, dataset: raw}
    tables:
      - name: orders
      - name: events
        meta:
          bigquery: {dataset: raw, watermark: event_at, where: "kind != 'test'"}
`,
    'models/silver/order_totals.sql':
      "{{ config(materialized='table') }}\nselect count(*) as orders, sum(amount) as total from {{ source('shop_raw', 'orders') }}\n",
  });
  writeFileSync(join(root, 'key.json'), JSON.stringify(key));
  const profiles = join(root, 'profiles.yml');
  writeFileSync(profiles, readFileSync(profiles, 'utf8').replace('KEYFILE', join(root, 'key.json')));
});
afterAll(() => fake.stop());

const load = (extra: Record<string, unknown> = {}) =>
  sourceLoad({
    ...isolated(root),
    reporter: new CollectingReporter(),
    fromTarget: 'prod',
    pageSize: 7,
    rowsPerFile: 10,
    ...extra,
  });

describe('ldp source load from BigQuery', () => {
  it('loads a whole table page by page through tabledata.list into one snapshot, typed from the BigQuery schema', async () => {
    const before = fake.requests.length;
    const result = await load({ select: ['source:shop_raw.orders'] });
    expect(result.failed).toBe(false);
    expect(result.loads[0]!.result).toMatchObject({ mode: 'full', rows: 25 });
    const sent = fake.requests.slice(before);
    const pages = sent.filter((r) => r.path === '/bigquery/v2/projects/acme/datasets/raw/tables/orders/data');
    expect(pages.map((r) => r.query['maxResults'])).toEqual(['7', '7', '7', '7']);
    expect(sent.some((r) => r.path.endsWith('/jobs'))).toBe(false);
    const snapshots = snapshotsOf(root, 'bronze.orders');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.summary['added-data-files']).toBe('2');
    const rows = await tableRows(root, 'bronze.orders', { orderBy: 'id' });
    expect(rows).toHaveLength(25);
    // 25 rows in pages of 7, a data file once 10 or more are staged: files of 14 and 11 rows.
    expect(rows[3]).toEqual({
      id: '3',
      amount: '3.750000000',
      big: '123456789012345678901234567890.123456789',
      paid: false,
      placed_at: '2024-01-01 00:00:03.000003+00',
      local_time: '2024-02-01 10:00:03',
      day: '2024-03-04',
      shape: 'POINT(3 1)',
      doc: '{"k":3}',
      raw: 'hi',
      customer: { name: 'c3', since: '2020-01-01 00:00:00.000001+00' },
      tags: ['a', 'b3'],
    });
  });

  it('loads a filtered source with a query job, then appends only rows past the watermark', async () => {
    const first = await load({ select: ['source:shop_raw.events'] });
    expect(first.loads[0]!.result).toMatchObject({ mode: 'full', rows: 9 });
    expect(first.loads[0]!.result!.jobId).toMatch(/^acme:EU\./);
    await fake.store.conn.run(
      `INSERT INTO "acme__raw"."events" SELECT 100 + range, 'click', TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_minutes(range) FROM range(4)`,
    );
    const before = fake.requests.length;
    const second = await load({ select: ['source:shop_raw.events'] });
    expect(second.loads[0]!.result).toMatchObject({
      mode: 'incremental',
      rows: 4,
      after: 'TIMESTAMP_MICROS(1714522140000000)',
    });
    const insert = fake.requests.slice(before).find((r) => r.path === '/bigquery/v2/projects/acme/jobs');
    expect((insert!.body as { configuration: { query: { query: string } } }).configuration.query.query).toBe(
      "SELECT * FROM `acme.raw.events`\nWHERE (kind != 'test') AND `event_at` > TIMESTAMP_MICROS(1714522140000000)",
    );
    expect(snapshotsOf(root, 'bronze.events').map((s) => s.summary['operation'])).toEqual([
      'overwrite',
      'append',
    ]);
    const ids = (await tableRows(root, 'bronze.events', { orderBy: 'event_id' })).map((r) =>
      Number(r['event_id']),
    );
    expect(ids).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 100, 101, 102, 103]);
    const third = await load({ select: ['source:shop_raw.events'] });
    expect(third.loads[0]!.result).toMatchObject({ mode: 'incremental', rows: 0 });
    expect(third.loads[0]!.result!.snapshotId).toBeUndefined();
    expect(snapshotsOf(root, 'bronze.events')).toHaveLength(2);
  });

  it('lets models read the loaded source with source()', async () => {
    const result = await execute('run', root, { select: ['order_totals'] });
    expect(statuses(result)).toEqual({ order_totals: 'success' });
    expect(await tableRows(root, 'silver.order_totals')).toEqual([{ orders: '25', total: '375.000000000' }]);
  });

  it('names the source and says how to pick a BigQuery target when none is given', async () => {
    const reporter = new CollectingReporter();
    const error = await sourceLoad({ ...isolated(root), reporter }).catch((e: unknown) => e);
    expect(String(error)).toContain(
      'source shop_raw.events lives in BigQuery but no BigQuery target is named to read it with',
    );
  });

  it('refuses a --from-target the profile does not have, even when no source would use it', async () => {
    const plain = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml': readFileSync(join(root, 'profiles.yml'), 'utf8'),
    });
    const error = await sourceLoad({
      ...isolated(plain),
      reporter: new CollectingReporter(),
      fromTarget: 'nope',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LDP112' });
    expect(String(error)).toContain("target 'nope' is not an output of profile 'shop'");
  });

  it('fails one source with BigQuery message and job id, leaving its table as it was', async () => {
    const bad = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml': readFileSync(join(root, 'profiles.yml'), 'utf8'),
      'models/sources.yml': `version: 2
sources:
  - name: shop_raw
    schema: bronze
    tables:
      - name: broken
        meta:
          bigquery: {query: "select no_such_column from \`acme.raw.events\`"}
`,
    });
    const reporter = new CollectingReporter();
    const result = await sourceLoad({ ...isolated(bad), reporter, fromTarget: 'prod' });
    expect(result.failed).toBe(true);
    expect(result.loads[0]!.error!.code).toBe('LDP491');
    expect(result.loads[0]!.error!.message).toMatch(
      /^source shop_raw\.broken: BigQuery invalidQuery: .*no_such_column.*\(job acme:EU\./,
    );
    expect(hasTable(bad, 'bronze.broken')).toBe(false);
  });
});
