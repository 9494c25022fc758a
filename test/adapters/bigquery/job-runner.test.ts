import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBigQuery } from '../../../src/adapters/bigquery/client.js';
import { BigQueryJobRunner } from '../../../src/adapters/bigquery/job-runner.js';
import { LdpError } from '../../../src/errors/index.js';
import { startFakeWithDatasets } from '../../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';
import { fakeTarget } from './fake-target.js';

let fake: BigQueryFake;

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.raw');
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table: 'orders',
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
          { name: 'amount', type: 'NUMERIC' },
          { name: 'placed_at', type: 'TIMESTAMP' },
        ],
      },
    },
    `SELECT range, range * 1.5, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(range) FROM range(25)`,
  );
});
afterAll(() => fake.stop());

describe('BigQueryJobRunner against the loopback fake', () => {
  it('runs a query job and reads its rows page by page, with job id, bytes and slot time', async () => {
    const runner = new BigQueryJobRunner(openBigQuery(fakeTarget(fake, { labels: { team: 'data' } })));
    const result = await runner.query('SELECT id, amount, placed_at FROM `acme.raw.orders` ORDER BY id', {
      pageSize: 10,
    });
    const pages = [];
    for await (const page of result.pages()) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages[0]![1]).toEqual({ f: [{ v: '1' }, { v: '1.5' }, { v: '1704067201000000' }] });
    expect(result.jobId).toMatch(/^acme:US\.[0-9a-f-]+$/);
    expect(result.bytesProcessed).toBe(25 * 3 * 8);
    expect(result.slotMs).toBeGreaterThan(0);
    expect(result.schema.map((f) => `${f.name}:${f.type}`)).toEqual([
      'id:INTEGER',
      'amount:NUMERIC',
      'placed_at:TIMESTAMP',
    ]);
    const insert = fake.requests.find(
      (r) => r.method === 'POST' && r.path === '/bigquery/v2/projects/acme/jobs',
    );
    expect(insert?.body).toMatchObject({
      configuration: { query: { useLegacySql: false, priority: 'INTERACTIVE' }, labels: { team: 'data' } },
    });
    const reads = fake.requests.filter((r) => r.path.startsWith('/bigquery/v2/projects/acme/queries/'));
    expect(reads.map((r) => r.query['maxResults'])).toEqual(['10', '10', '10']);
    expect(reads.every((r) => r.query['formatOptions.useInt64Timestamp'] === 'true')).toBe(true);
  });

  it('dry-runs a query: bytes it would process, no job kept', async () => {
    const runner = new BigQueryJobRunner(openBigQuery(fakeTarget(fake)));
    const before = fake.requests.length;
    const result = await runner.dryRun('SELECT id FROM `acme.raw.orders`');
    expect(result.bytesProcessed).toBe(600);
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ configuration: { dryRun: true } });
  });

  it('fails with BigQuery message, reason and job id, and never with the key', async () => {
    const options = fakeTarget(fake);
    const runner = new BigQueryJobRunner(openBigQuery(options));
    const error = await runner.query('SELECT nope FROM `acme.raw.orders`').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpError);
    expect((error as LdpError).code).toBe('LDP491');
    expect((error as LdpError).message).toMatch(
      /^BigQuery invalidQuery: Syntax error: .*nope.*\(job acme:US\./,
    );
    expect(String((error as LdpError).message)).not.toContain('PRIVATE KEY');
  });

  it('sends the target job settings and refuses a query over maximum_bytes_billed with BigQuery reason', async () => {
    const options = fakeTarget(fake, {
      maximumBytesBilled: 100,
      priority: 'batch',
      jobTimeoutSeconds: 30,
      location: 'US',
    });
    const runner = new BigQueryJobRunner(openBigQuery(options));
    const before = fake.requests.length;
    const error = (await runner
      .query('SELECT * FROM `acme.raw.orders`')
      .catch((e: unknown) => e)) as LdpError;
    expect(error.message).toContain(
      'bytesBilledLimitExceeded: Query exceeded limit for bytes billed: 100. 600 or higher required.',
    );
    const insert = fake.requests.slice(before).find((r) => r.path === '/bigquery/v2/projects/acme/jobs');
    expect(insert?.body).toMatchObject({
      configuration: { jobTimeoutMs: '30000', query: { priority: 'BATCH', maximumBytesBilled: '100' } },
      jobReference: { projectId: 'acme', location: 'US' },
    });
  });
});
