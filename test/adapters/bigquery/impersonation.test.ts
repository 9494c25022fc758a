import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBigQuery } from '../../../src/adapters/bigquery/client.js';
import { BigQueryJobRunner } from '../../../src/adapters/bigquery/job-runner.js';
import { startFakeWithDatasets } from '../../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';
import { fakeTarget } from './fake-target.js';

let fake: BigQueryFake;
const RUNNER = 'ldp-runner@acme.iam.gserviceaccount.com';

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.raw');
  await fake.addTable(
    { project: 'acme', dataset: 'raw', table: 'n', schema: { fields: [{ name: 'n', type: 'INTEGER' }] } },
    'SELECT range FROM range(3)',
  );
  // The account jobs run as: the only one with access to the project.
  fake.addServiceAccount(RUNNER, ['acme']);
});
afterAll(() => fake.stop());

/** A key with no access to any project, impersonating the runner through the fake's IAM API. */
function impersonating(allowed: boolean) {
  const options = fakeTarget(fake, {}, []);
  const source = String(JSON.parse(readFileSync(options.keyfile!, 'utf8')).client_email);
  if (allowed) fake.allowImpersonation(source, RUNNER);
  return {
    source,
    options: { ...options, impersonateServiceAccount: RUNNER, iamCredentialsEndpoint: fake.url },
  };
}

describe('impersonate_service_account', () => {
  it('runs jobs with a short-lived token of the named account, asked for with the source key', async () => {
    const { options } = impersonating(true);
    const before = fake.requests.length;
    const connection = openBigQuery(options);
    const result = await new BigQueryJobRunner(connection).query('SELECT count(*) AS c FROM `acme.raw.n`');
    const rows = [];
    for await (const page of result.pages()) rows.push(...page);
    expect(rows).toEqual([{ f: [{ v: '3' }] }]);
    const sent = fake.requests.slice(before);
    const exchange = sent.filter((r) => r.path.endsWith(':generateAccessToken'));
    expect(exchange).toHaveLength(1);
    expect(exchange[0]).toMatchObject({
      method: 'POST',
      path: `/v1/projects/-/serviceAccounts/${RUNNER}:generateAccessToken`,
      body: { delegates: [], scope: ['https://www.googleapis.com/auth/bigquery'], lifetime: '3600s' },
    });
    const job = sent.find((r) => r.path === '/bigquery/v2/projects/acme/jobs');
    expect(job).toBeDefined();
    // The job ran as the impersonated account (the source key has no access to acme).
    const [metadata] = await connection.client
      .job(result.jobId.split('.').pop()!, { location: 'US' })
      .getMetadata();
    expect(metadata.user_email).toBe(RUNNER);
  });

  it('fails with the IAM API message, and no token or key in it, when the source may not impersonate', async () => {
    const { options } = impersonating(false);
    const connection = openBigQuery(options);
    const error = await new BigQueryJobRunner(connection).query('SELECT 1').then(
      () => new Error('the query ran'),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('unable to impersonate');
    expect(error.message).toContain("Permission 'iam.serviceAccounts.getAccessToken' denied");
    expect(error.message).not.toMatch(/PRIVATE KEY|ya29\.|eyJ/);
  });

  it('keeps issued tokens out of redacted text', async () => {
    const { options } = impersonating(true);
    const connection = openBigQuery(options);
    const headers = await connection.client.authClient.getRequestHeaders(`${fake.url}/`);
    const token = ((headers as unknown as Headers).get('authorization') ?? '').replace('Bearer ', '');
    expect(token).toMatch(/^ya29\./);
    expect(connection.redact(`request failed with token ${token}`)).not.toContain(token);
  });
});
