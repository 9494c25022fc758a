import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWithDatasets, writeFakeProfile } from '../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../support/bigquery-fake/server.js';
import { startCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

/** A CLI child loads the BigQuery client from source: slow on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

let fake: BigQueryFake;
let root: string;

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.raw');
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table: 'orders',
      schema: { fields: [{ name: 'loaded_at', type: 'TIMESTAMP' }] },
    },
    "VALUES (current_timestamp - INTERVAL '3 hours'), (current_timestamp - INTERVAL '30 hours')",
  );
  root = tempProject({
    'ldp_project.yml': 'name: shop\nprofile: shop\n',
    'models/sources.yml': `version: 2
sources:
  - name: raw
    loaded_at_field: loaded_at
    tables:
      - name: orders
        freshness:
          warn_after: {count: 2, period: hour}
      - name: stale_orders
        identifier: orders
        freshness:
          error_after: {count: 1, period: hour}
          filter: loaded_at < current_timestamp() - interval 1 day
`,
  });
  writeFakeProfile(fake, root, { profile: 'shop', project: 'acme', dataset: 'shop' });
});
afterAll(() => fake.stop());

describe('ldp source freshness --target prod', () => {
  it(
    'checks BigQuery sources with query jobs, prints dbt’s result lines and exits 1 on a stale one',
    async () => {
      const result = await startCli(['source', 'freshness', '--target', 'prod'], root).done;
      expect(result.stdout).toMatch(/freshness of raw\.orders \.+ \[WARN/);
      expect(result.stdout).toMatch(/freshness of raw\.stale_orders \.+ \[ERROR STALE/);
      expect(result.code).toBe(1);
      const json = JSON.parse(readFileSync(join(root, 'target', 'sources.json'), 'utf8'));
      expect(
        json.results.map((r: { unique_id: string; status: string }) => `${r.unique_id} ${r.status}`),
      ).toEqual(['source.shop.raw.orders warn', 'source.shop.raw.stale_orders error']);
    },
    CLI_TIMEOUT_MS,
  );
});
