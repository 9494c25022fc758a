import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWithDatasets } from '../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../support/bigquery-fake/server.js';
import { startCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

/** A CLI child loads the BigQuery client from source: slow on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

let fake: BigQueryFake;
let keyText: string;
let strangerKeyText: string;

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.analytics', 'acme.eu_marts@EU');
  keyText = JSON.stringify(fake.addServiceAccount('ldp-runner@acme.iam.gserviceaccount.com', ['acme']));
  strangerKeyText = JSON.stringify(
    fake.addServiceAccount('stranger@other.iam.gserviceaccount.com', ['other']),
  );
});
afterAll(() => fake.stop());

/** A project whose `prod` output is a BigQuery target at the fake, with `output` keys added. */
function projectWith(output: Record<string, string>, key = keyText): string {
  const lines = Object.entries({ api_endpoint: fake.url, ...output }).map(([k, v]) => `      ${k}: ${v}`);
  const root = tempProject({
    'ldp_project.yml': 'name: shop\n',
    'profiles.yml': `shop:\n  target: prod\n  outputs:\n    prod:\n      type: bigquery\n${lines.join('\n')}\n`,
    'models/a.sql': 'select 1 as x\n',
  });
  writeFileSync(join(root, 'key.json'), key);
  return root;
}

/** `ldp debug` in a child with no ambient Google credentials and no metadata-server probe. */
async function debug(root: string, env: Record<string, string> = {}) {
  return startCli(['debug'], root, { METADATA_SERVER_DETECTION: 'none', ...env }).done;
}

const serviceAccount = { method: 'service-account', keyfile: 'key.json', project: 'acme' };

describe('ldp debug --target <bigquery>', () => {
  it(
    'passes with a service-account key, naming the account and never printing the key',
    async () => {
      const result = await debug(projectWith({ ...serviceAccount, dataset: 'analytics', location: 'US' }));
      expect(result.stderr).not.toContain('LDP');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('ldp-runner@acme.iam.gserviceaccount.com');
      expect(result.stdout).toContain('analytics (location US)');
      expect(result.stdout + result.stderr).not.toMatch(/PRIVATE KEY|private_key/);
      const jobs = fake.requests.filter((r) => r.path === '/bigquery/v2/projects/acme/jobs');
      expect(jobs.at(-1)?.body).toMatchObject({
        configuration: { dryRun: true, query: { query: 'SELECT 1' } },
      });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'uses application default credentials for method oauth',
    async () => {
      const root = projectWith({ method: 'oauth', project: 'acme', dataset: 'analytics' });
      const result = await debug(root, { GOOGLE_APPLICATION_CREDENTIALS: join(root, 'key.json') });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('All checks passed');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'says there are no credentials, and how to get some',
    async () => {
      const result = await debug(projectWith({ method: 'oauth', project: 'acme', dataset: 'analytics' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('LDP880');
      expect(result.stderr).toContain("no usable BigQuery credentials for target 'prod' (method oauth)");
      expect(result.stderr).toContain('gcloud auth application-default login');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'says the account may not run jobs in the project',
    async () => {
      const result = await debug(projectWith({ ...serviceAccount, dataset: 'analytics' }, strangerKeyText));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('LDP881');
      expect(result.stderr).toContain(
        "service account stranger@other.iam.gserviceaccount.com may not run jobs in project 'acme'",
      );
      expect(result.stderr).toContain('roles/bigquery.jobUser');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'says the dataset is missing',
    async () => {
      const result = await debug(projectWith({ ...serviceAccount, dataset: 'nope', location: 'US' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('LDP882');
      expect(result.stderr).toContain(
        'BigQuery dataset acme:nope does not exist; create it (bq mk --dataset --location=US acme:nope)',
      );
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'says the dataset lives in another location',
    async () => {
      const result = await debug(projectWith({ ...serviceAccount, dataset: 'eu_marts', location: 'US' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('LDP883');
      expect(result.stderr).toContain(
        "is in location EU but target 'prod' has location: US; set location: EU",
      );
    },
    CLI_TIMEOUT_MS,
  );
});
