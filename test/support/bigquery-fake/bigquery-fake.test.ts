import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BigQueryConnection, openBigQuery } from '../../../src/adapters/bigquery/client.js';
import { fakeTarget } from '../../adapters/bigquery/fake-target.js';
import { type BigQueryFake, startBigQueryFake } from './server.js';

let fake: BigQueryFake;
let bq: BigQueryConnection;
beforeAll(async () => {
  fake = await startBigQueryFake();
  bq = openBigQuery(fakeTarget(fake));
});
afterAll(() => fake.stop());

/** Authorization headers of the service account, for requests the client has no method for. */
async function authorized(): Promise<Record<string, string>> {
  const headers = await bq.client.authClient.getRequestHeaders(`${fake.url}/`);
  return { authorization: (headers as unknown as Headers).get('authorization')! };
}

describe('the BigQuery fake, driven by the real client', () => {
  it('creates, patches, reads and deletes datasets and tables', async () => {
    const [dataset] = await bq.client.createDataset('staging', { location: 'EU' });
    expect(dataset.metadata.location).toBe('EU');
    const [table] = await dataset.createTable('t', { schema: { fields: [{ name: 'id', type: 'INT64' }] } });
    expect(table.metadata.schema.fields).toEqual([{ name: 'id', type: 'INTEGER', mode: 'NULLABLE' }]);
    await table.setMetadata({ labels: { layer: 'bronze' } });
    const [read] = await table.getMetadata();
    expect(read).toMatchObject({ labels: { layer: 'bronze' }, numRows: '0', location: 'EU' });
    const conflict = await dataset
      .createTable('t', {})
      .catch((e: { code: number; errors: { reason: string }[] }) => e);
    expect(conflict).toMatchObject({ code: 409, errors: [{ reason: 'duplicate' }] });
    await table.delete();
    const gone = await table
      .getMetadata()
      .catch((e: { code: number; errors: { reason: string; message: string }[] }) => e);
    expect(gone).toMatchObject({
      code: 404,
      errors: [{ reason: 'notFound', message: 'Not found: Table acme:staging.t' }],
    });
    await dataset.delete({ force: true });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain(
      'DELETE /bigquery/v2/projects/acme/datasets/staging',
    );
  });

  it('loads a CSV through a multipart upload and lists it with tabledata.list pages', async () => {
    const [dataset] = await bq.client.createDataset('loads', { location: 'US' });
    const file = join(mkdtempSync(join(tmpdir(), 'bq-fake-')), 'rows.csv');
    writeFileSync(file, 'id,name\n1,a\n2,b\n3,c\n');
    const [job] = await dataset.table('people').load(file, {
      sourceFormat: 'CSV',
      skipLeadingRows: 1,
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER' },
          { name: 'name', type: 'STRING' },
        ],
      },
    });
    expect(job.statistics?.load?.outputRows).toBe('3');
    const upload = fake.requests.find((r) => r.path === '/upload/bigquery/v2/projects/acme/jobs');
    expect(upload?.query['uploadType']).toBe('multipart');
    const [rows, next] = await dataset
      .table('people')
      .getRows({ autoPaginate: false, maxResults: 2, skipParsing: true });
    expect(rows).toEqual([{ f: [{ v: '1' }, { v: 'a' }] }, { f: [{ v: '2' }, { v: 'b' }] }]);
    const [rest] = await dataset
      .table('people')
      .getRows({ ...(next as object), skipParsing: true, autoPaginate: false });
    expect(rest).toEqual([{ f: [{ v: '3' }, { v: 'c' }] }]);
  });

  it('loads newline-delimited JSON through a resumable upload session', async () => {
    await fake.addDataset('acme', 'resumable', 'US');
    const headers = { ...(await authorized()), 'content-type': 'application/json' };
    const start = await fetch(`${fake.url}/upload/bigquery/v2/projects/acme/jobs?uploadType=resumable`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        configuration: {
          load: {
            destinationTable: { projectId: 'acme', datasetId: 'resumable', tableId: 'events' },
            sourceFormat: 'NEWLINE_DELIMITED_JSON',
            schema: { fields: [{ name: 'n', type: 'INTEGER' }] },
          },
        },
      }),
    });
    expect(start.status).toBe(200);
    const session = start.headers.get('location')!;
    const done = await fetch(session, {
      method: 'PUT',
      headers: await authorized(),
      body: '{"n": 1}\n{"n": 2}\n',
    });
    expect(
      ((await done.json()) as { statistics: { load: { outputRows: string } } }).statistics.load.outputRows,
    ).toBe('2');
  });

  it('answers jobs.query with the first page and a page token, and refuses requests without credentials', async () => {
    await fake.addDataset('acme', 'q', 'US');
    await fake.addTable(
      { project: 'acme', dataset: 'q', table: 'n', schema: { fields: [{ name: 'n', type: 'INTEGER' }] } },
      'SELECT range FROM range(5)',
    );
    const response = await fetch(`${fake.url}/bigquery/v2/projects/acme/queries`, {
      method: 'POST',
      headers: { ...(await authorized()), 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'SELECT n FROM `acme.q.n` ORDER BY n',
        useLegacySql: false,
        maxResults: 2,
      }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'bigquery#queryResponse',
      totalRows: '5',
      jobComplete: true,
      rows: [{ f: [{ v: '0' }] }, { f: [{ v: '1' }] }],
    });
    expect(typeof body['pageToken']).toBe('string');
    const anonymous = await fetch(`${fake.url}/bigquery/v2/projects/acme/datasets/q`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'unauthorized' }] },
    });
  });

  it('deduplicates with QUALIFY above a filter on a computed column (DuckDB 1.5 stops on it with its top-N rewrite)', async () => {
    await fake.addDataset('acme', 'dedup', 'US');
    await fake.addTable(
      {
        project: 'acme',
        dataset: 'dedup',
        table: 'trips',
        schema: {
          fields: [
            { name: 'id', type: 'INTEGER' },
            { name: 'started', type: 'DATETIME' },
            { name: 'ended', type: 'DATETIME' },
          ],
        },
      },
      `SELECT range % 3, TIMESTAMP '2024-01-01' + to_hours(range), TIMESTAMP '2024-01-01 00:20:00' + to_hours(range) FROM range(6)`,
    );
    const [rows] = await bq.client.query({
      query: `with typed as (
  select id, started, datetime_diff(ended, started, second) / 60.0 as minutes from \`acme.dedup.trips\`
), cleaned as (select * from typed where minutes between 1 and 360),
deduplicated as (select * from cleaned where true qualify row_number() over (partition by id order by started) = 1)
select cast(id as string) as id from deduplicated order by id`,
    });
    expect(rows).toEqual([{ id: '0' }, { id: '1' }, { id: '2' }]);
    const [table] = await bq.client.dataset('dedup', { projectId: 'acme' }).table('trips').getMetadata();
    expect(table.lastModifiedTime).toBe(table.creationTime);
  });

  it('serves a pre-encoded table with the same bytes as an encoded one, until the fake changes it', async () => {
    await fake.addDataset('acme', 'pre', 'US');
    const schema = {
      fields: [
        { name: 'id', type: 'INTEGER' },
        { name: 'note', type: 'STRING' },
        { name: 'amount', type: 'NUMERIC' },
        { name: 'at', type: 'TIMESTAMP' },
      ],
    };
    await fake.addTable(
      { project: 'acme', dataset: 'pre', table: 'p', schema },
      `SELECT range, CASE WHEN range = 1 THEN NULL ELSE 'say "$&" ' || range END, range * 1.5 - 2,
         TIMESTAMPTZ '2024-01-01 00:00:00.000001+00' FROM range(7)`,
    );
    const page = async (query: string) => {
      const url = `${fake.url}/bigquery/v2/projects/acme/datasets/pre/tables/p/data?${query}`;
      return (await fetch(url, { headers: await authorized() })).text();
    };
    const encoded = [await page('maxResults=3'), await page('startIndex=5&maxResults=3')];
    expect(JSON.parse(encoded[0]!).rows[1]).toEqual({
      f: [{ v: '1' }, { v: null }, { v: '-0.5' }, { v: '1704067200000001' }],
    });
    expect(JSON.parse(encoded[1]!).rows[0].f[1]).toEqual({ v: 'say "$&" 5' });
    await fake.store.preEncode('acme', 'pre', 'p');
    expect([await page('maxResults=3'), await page('startIndex=5&maxResults=3')]).toEqual(encoded);
    await bq.client.query('DELETE FROM `acme.pre.p` WHERE id < 5');
    expect(JSON.parse(await page('maxResults=3')).rows.map((r: { f: { v: string }[] }) => r.f[0]!.v)).toEqual(
      ['5', '6'],
    );
  });

  it('runs a script: DECLARE, SET from a query, IN UNNEST, temporary tables gone at its end', async () => {
    await fake.addDataset('acme', 'scripts', 'US');
    await fake.addTable(
      {
        project: 'acme',
        dataset: 'scripts',
        table: 'days',
        schema: {
          fields: [
            { name: 'day', type: 'DATE' },
            { name: 'n', type: 'INTEGER' },
          ],
        },
      },
      "VALUES (DATE '2024-01-01', 1), (DATE '2024-01-02', 2), (DATE '2024-01-03', 3)",
    );
    const [job] = await bq.client.createQueryJob({
      query: `DECLARE picked ARRAY<DATE>;
DECLARE floor INT64 DEFAULT 2;
CREATE TEMP TABLE \`batch\` AS (SELECT day FROM \`acme.scripts.days\` WHERE n >= floor);
SET (picked) = (SELECT AS STRUCT ARRAY_AGG(DISTINCT day IGNORE NULLS) FROM \`batch\`);
DELETE FROM \`acme.scripts.days\` WHERE day IN UNNEST(picked);
DROP TABLE IF EXISTS \`batch\`;`,
    });
    const [metadata] = await job.getMetadata();
    expect(metadata.statistics.query.statementType).toBe('SCRIPT');
    const [rows] = await bq.client.query('SELECT n FROM `acme.scripts.days`');
    expect(rows).toEqual([{ n: 1 }]);
    const [temps] = await fake.store.conn
      .runAndReadAll('SELECT count(*) FROM duckdb_tables() WHERE temporary')
      .then((r) => [r.getRows()]);
    expect(temps).toEqual([[0n]]);
    const failed = await bq.client
      .query('DECLARE x INT64;\nSET y = 1;')
      .catch((e: { errors: { reason: string; message: string }[] }) => e);
    expect(failed).toMatchObject({
      errors: [{ reason: 'invalidQuery', message: expect.stringContaining('Unrecognized name: y') }],
    });
  });
});
