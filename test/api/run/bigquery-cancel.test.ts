import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWithDatasets, writeFakeProfile } from '../../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';
import { execute, statuses } from '../../support/lakehouse.js';
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
      schema: { fields: [{ name: 'location_id', type: 'INTEGER' }] },
    },
    'SELECT range FROM range(3)',
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
`,
    'models/slow.sql':
      "{{ config(materialized='table') }}\nselect location_id as slow_marker from {{ source('raw', 'zones') }}\n",
    'models/broken.sql':
      "{{ config(materialized='table') }}\nselect no_such_column as broken_marker from {{ source('raw', 'zones') }}\n",
  });
  writeFakeProfile(fake, root, { profile: 'shop', project: 'acme', dataset: 'shop', threads: 2 });
}, 120_000);
afterAll(() => fake.stop());

/** The ids of the (not dry-run) query jobs whose SQL contains `text`, as inserted so far. */
function jobIdsOf(text: string): string[] {
  return fake.requests.flatMap((r) => {
    const body = r.body as
      | {
          configuration?: { dryRun?: boolean; query?: { query?: string } };
          jobReference?: { jobId?: string };
        }
      | undefined;
    if (r.method !== 'POST' || !r.path.endsWith('/jobs') || body?.configuration?.dryRun) return [];
    return body?.configuration?.query?.query?.includes(text) && body.jobReference?.jobId
      ? [body.jobReference.jobId]
      : [];
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('a stopped BigQuery run', () => {
  it('--fail-fast cancels the jobs still running on BigQuery (jobs.cancel)', async () => {
    const isSlow = (sql: string) => sql.includes('slow_marker');
    const isBroken = (sql: string) => sql.includes('broken_marker');
    fake.holdJobs((sql) => isSlow(sql) || isBroken(sql));
    const run = execute('run', root, { target: 'prod', failFast: true });
    // Both jobs are RUNNING on BigQuery; then the broken one fails.
    await until(() => jobIdsOf('slow_marker').length === 1 && jobIdsOf('broken_marker').length === 1);
    const [slowJob] = jobIdsOf('slow_marker');
    fake.releaseJobs(isBroken);
    const result = await run;
    fake.releaseJobs();

    expect(statuses(result)['broken']).toBe('error');
    expect(statuses(result)['slow']).not.toBe('success');
    expect(result.failed).toBe(true);
    const cancels = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancels.map((r) => r.path)).toEqual([`/bigquery/v2/projects/acme/jobs/${slowJob}/cancel`]);
    const slow = result.results.find((r) => r.uniqueId === 'model.shop.slow')!;
    expect(slow.message).toMatch(/cancel/i);
    // The cancelled job never wrote its table.
    expect(fake.store.tables.has('acme:shop.slow')).toBe(false);
  }, 120_000);
});
