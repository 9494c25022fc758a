import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQueryConnectionOptions } from '../../../src/adapters/bigquery/connection-options.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';

/** Connection options of a service account the fake trusts, with its key in a temp file. */
export function fakeTarget(
  fake: BigQueryFake,
  overrides: Partial<BigQueryConnectionOptions> = {},
  projects: readonly string[] = ['acme'],
): BigQueryConnectionOptions {
  const key = fake.addServiceAccount(
    `ldp-${Math.random().toString(36).slice(2)}@acme.iam.gserviceaccount.com`,
    projects,
  );
  const keyfile = join(mkdtempSync(join(tmpdir(), 'ldp-bq-key-')), 'key.json');
  writeFileSync(keyfile, JSON.stringify(key));
  return {
    targetName: 'prod',
    method: 'service-account',
    project: 'acme',
    dataset: 'analytics',
    priority: 'interactive',
    jobRetries: 1,
    executionProject: 'acme',
    apiEndpoint: fake.url,
    keyfile,
    labels: {},
    threads: 4,
    ...overrides,
  };
}
