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
  fake = await startFakeWithDatasets('acme.raw', 'acme.shop');
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table: 'orders',
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER' },
          { name: 'amount', type: 'FLOAT' },
        ],
      },
    },
    'SELECT range, range * 1.5 FROM range(10)',
  );
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table: 'customers',
      schema: { fields: [{ name: 'id', type: 'INTEGER' }] },
    },
    'SELECT range FROM range(4)',
  );
  root = tempProject({
    'ldp_project.yml': 'name: shop\nprofile: shop\n',
    'models/sources.yml': `version: 2
sources:
  - name: raw
    database: acme
    schema: raw
    tables:
      - name: orders
      - name: customers
`,
    'models/customer_ids.sql': "select id from {{ source('raw', 'customers') }}\n",
    'models/order_amounts.sql': "select id, amount from {{ source('raw', 'orders') }}\n",
  });
  writeFakeProfile(fake, root, { profile: 'shop', project: 'acme', dataset: 'shop' });
});
afterAll(() => fake.stop());

/** The dry-run flag of every query job the fake was asked to start since `from`. */
function queryJobFlags(from: number): boolean[] {
  return fake.requests.slice(from).flatMap((r) => {
    const configuration = (r.body as { configuration?: Record<string, unknown> } | undefined)?.configuration;
    if (r.method !== 'POST' || !r.path.endsWith('/jobs') || !configuration?.['query']) return [];
    return [configuration['dryRun'] === true];
  });
}

describe('ldp run --dry-run', () => {
  it(
    'prints the bytes each node would process and the total, exits 0, and starts only dry-run jobs',
    async () => {
      const before = fake.requests.length;
      const result = await startCli(['run', '--target', 'prod', '--dry-run'], root).done;
      expect(result.stderr).not.toContain('LDP');
      expect(result.code).toBe(0);
      // The fake charges 8 bytes a value of each table read: 4 rows × 1 column, 10 rows × 2 columns.
      expect(result.stdout).toMatch(/customer_ids \.+ \[DRY RUN \(32 B would be processed\)/);
      expect(result.stdout).toMatch(/order_amounts \.+ \[DRY RUN \(160 B would be processed\)/);
      expect(result.stdout).toContain(
        'Dry run: 2 nodes would process 192 B (192 bytes) in total. Nothing was run, billed or written.',
      );
      const flags = queryJobFlags(before);
      expect(flags.length).toBeGreaterThanOrEqual(2);
      expect(flags.every((dry) => dry)).toBe(true);
      expect(fake.requests.slice(before).some((r) => r.path.startsWith('/upload/'))).toBe(false);
      expect([...fake.store.tables.keys()].filter((k) => k.startsWith('acme:shop'))).toEqual([]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'is refused on a local target with LDP886 and exit code 1',
    async () => {
      const before = fake.requests.length;
      const result = await startCli(['run', '--dry-run'], root).done;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('LDP886');
      expect(result.stderr).toContain("--dry-run estimates BigQuery jobs; target 'dev' is of type duckdb");
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(fake.requests.length).toBe(before);
    },
    CLI_TIMEOUT_MS,
  );
});
