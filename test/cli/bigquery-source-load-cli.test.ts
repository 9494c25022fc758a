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
beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.raw');
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table: 'orders',
      schema: { fields: [{ name: 'id', type: 'INTEGER' }] },
    },
    'SELECT range FROM range(3)',
  );
});
afterAll(() => fake.stop());

describe('ldp source load', () => {
  it(
    'loads a BigQuery source into the local lakehouse and says what it did; a missing table exits 1',
    async () => {
      const key = fake.addServiceAccount('cli@acme.iam.gserviceaccount.com', ['acme']);
      const root = tempProject({
        'ldp_project.yml': 'name: shop\n',
        'models/sources.yml': `version: 2
sources:
  - name: shop_raw
    schema: bronze
    meta:
      bigquery: {project: acme, dataset: raw}
    tables:
      - name: orders
      - name: refunds
`,
      });
      writeFileSync(join(root, 'key.json'), JSON.stringify(key));
      writeFileSync(
        join(root, 'profiles.yml'),
        `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n    prod:\n      type: bigquery\n      method: service-account\n      keyfile: ${join(root, 'key.json')}\n      project: acme\n      dataset: raw\n      api_endpoint: ${fake.url}\n`,
      );
      const result = await startCli(['source', 'load', '--from-target', 'prod'], root).done;
      expect(result.stdout + result.stderr).toContain(
        'loaded source shop_raw.orders into bronze.orders: 3 rows (full, snapshot ',
      );
      expect(result.stdout + result.stderr).toContain('read with tabledata.list');
      expect(result.stderr).toContain('LDP491');
      expect(result.stderr).toContain(
        'source shop_raw.refunds: BigQuery notFound: Not found: Table acme:raw.refunds',
      );
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).not.toContain('PRIVATE KEY');
    },
    CLI_TIMEOUT_MS,
  );
});
