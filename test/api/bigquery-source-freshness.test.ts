import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectingReporter, sourceFreshness } from '../../src/api/index.js';
import { openCatalog } from '../../src/catalog/index.js';
import { startFakeWithDatasets, writeFakeProfile } from '../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../support/bigquery-fake/server.js';
import type { RecordedRequest } from '../support/bigquery-fake/types.js';
import { isolated, tempProject } from '../support/temp-project.js';

const SOURCES = `version: 2
sources:
  - name: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 2, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: fresh
      - name: late
      - name: stale
      - name: filtered
        freshness:
          filter: "kind = 'a'"
      - name: broken
        identifier: fresh
        loaded_at_field: loaded_att
  - name: ops
    schema: raw
    freshness:
      warn_after: {count: 2, period: hour}
    tables:
      - name: batches
        loaded_at_query: "select max(loaded_at) from \`acme\`.\`raw\`.\`stale\`"
      - name: uploads
      - name: dormant
`;

const HOUR_MS = 3_600_000;
let fake: BigQueryFake;
let root: string;

/** A table of the fake whose `loaded_at` values are the given ages before now (DuckDB SQL). */
async function loads(table: string, type: 'TIMESTAMP' | 'DATETIME', rowsSql: string) {
  await fake.addTable(
    {
      project: 'acme',
      dataset: 'raw',
      table,
      schema: {
        fields: [
          { name: 'kind', type: 'STRING' },
          { name: 'loaded_at', type },
        ],
      },
    },
    rowsSql,
  );
}

beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.raw');
  const ago = (hours: number, cast: string) =>
    `CAST(current_timestamp - INTERVAL '${hours} hours' AS ${cast})`;
  await loads(
    'fresh',
    'TIMESTAMP',
    `VALUES ('a', ${ago(3, 'TIMESTAMPTZ')}), ('a', ${ago(1, 'TIMESTAMPTZ')})`,
  );
  await loads('late', 'DATETIME', `VALUES ('a', ${ago(4, 'TIMESTAMP')})`);
  await loads('stale', 'TIMESTAMP', `VALUES ('a', ${ago(60, 'TIMESTAMPTZ')})`);
  await loads(
    'filtered',
    'TIMESTAMP',
    `VALUES ('a', ${ago(4, 'TIMESTAMPTZ')}), ('b', ${ago(0.5, 'TIMESTAMPTZ')})`,
  );
  for (const [table, hours] of [
    ['uploads', 0.5],
    ['dormant', 5],
  ] as const) {
    const entry = await fake.addTable({
      project: 'acme',
      dataset: 'raw',
      table,
      schema: { fields: [{ name: 'id', type: 'INTEGER' }] },
    });
    entry.modified = Date.now() - hours * HOUR_MS;
  }
  root = tempProject({ 'ldp_project.yml': 'name: shop\nprofile: shop\n', 'models/sources.yml': SOURCES });
  writeFakeProfile(fake, root, { profile: 'shop', project: 'acme', dataset: 'shop', threads: 2 });
}, 60_000);
afterAll(() => fake.stop());

/** The GoogleSQL of every query job started since `before`. */
function queries(requests: readonly RecordedRequest[]): string[] {
  return requests.flatMap((r) => {
    const query = (r.body as { configuration?: { query?: { query?: string } } } | undefined)?.configuration
      ?.query?.query;
    return r.method === 'POST' && r.path.endsWith('/jobs') && query ? [query] : [];
  });
}

describe('ldp source freshness --target prod (BigQuery)', () => {
  it('measures each source with a query job (or the table’s metadata) and compares its age with the rule', async () => {
    const before = fake.requests.length;
    const reporter = new CollectingReporter();
    const result = await sourceFreshness({
      ...isolated(root),
      reporter,
      target: 'prod',
      invocationId: 'bq-fresh-1',
    });
    const status = Object.fromEntries(result.results.map((r) => [r.name, r.status]));
    expect(status).toEqual({
      'raw.fresh': 'pass', // 1 hour old
      'raw.late': 'warn', // 4 hours (DATETIME, read as UTC)
      'raw.stale': 'error', // 60 hours, past error_after
      'raw.filtered': 'warn', // only kind 'a' counts: 4 hours (all rows: 30 minutes)
      'raw.broken': 'runtime error',
      'ops.batches': 'warn', // loaded_at_query: 60 hours, and ops has no error_after
      'ops.uploads': 'pass', // no loaded_at_field: modified 30 minutes ago
      'ops.dormant': 'warn', // modified 5 hours ago
    });
    expect(result.failed).toBe(true);

    // dbt-bigquery's freshness query, one job per source with a field or query; none for metadata.
    const sql = queries(fake.requests.slice(before));
    expect(sql).toContain(
      'select\n  max(loaded_at) as max_loaded_at,\n  current_timestamp() as snapshotted_at\nfrom `acme`.`raw`.`fresh`',
    );
    expect(sql).toContain(
      "select\n  max(loaded_at) as max_loaded_at,\n  current_timestamp() as snapshotted_at\nfrom `acme`.`raw`.`filtered`\nwhere kind = 'a'",
    );
    expect(sql).toContain(
      'with source_query as (\nselect max(loaded_at) from `acme`.`raw`.`stale`\n)\nselect\n  (select * from source_query limit 1) as max_loaded_at,\n  current_timestamp() as snapshotted_at',
    );
    expect(sql).toHaveLength(6);
    expect(sql.some((s) => s.includes('uploads') || s.includes('dormant'))).toBe(false);
    const tableReads = fake.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && /\/datasets\/raw\/tables\/(uploads|dormant)$/.test(r.path));
    expect(tableReads).toHaveLength(2);

    // Ages are measured up to BigQuery's current_timestamp().
    const fresh = result.results.find((r) => r.name === 'raw.fresh')!;
    expect(fresh.ageSeconds).toBeGreaterThanOrEqual(3600);
    expect(fresh.ageSeconds).toBeLessThan(3600 + 60);
    const uploads = result.results.find((r) => r.name === 'ops.uploads')!;
    expect(uploads.ageSeconds).toBeGreaterThanOrEqual(1800);
    expect(uploads.ageSeconds).toBeLessThan(1800 + 60);

    const broken = result.results.find((r) => r.name === 'raw.broken')!;
    expect(broken.message).toMatch(
      /BigQuery cannot compute the freshness \(max\(loaded_att\)\): .*loaded_att/,
    );
    const diagnostic = reporter.events.find((e) => e.kind === 'diagnostic');
    expect(diagnostic?.kind === 'diagnostic' && diagnostic.diagnostic).toMatchObject({
      code: 'LDP890',
      span: { file: 'models/sources.yml' },
    });
    expect(diagnostic?.kind === 'diagnostic' && diagnostic.diagnostic.message).toMatch(
      /\(job acme:US\.\S+\)/,
    );

    // sources.json and the local catalog, as for a local target.
    const json = JSON.parse(readFileSync(result.path, 'utf8'));
    expect(json.metadata).toMatchObject({ invocation_id: 'bq-fresh-1', command: 'source freshness' });
    const late = json.results.find((r: { unique_id: string }) => r.unique_id === 'source.shop.raw.late');
    expect(late).toMatchObject({ status: 'warn', max_loaded_at: expect.stringMatching(/\+00:00$/) });
    expect(Date.parse(late.snapshotted_at) - Date.parse(late.max_loaded_at)).toBeGreaterThanOrEqual(
      4 * HOUR_MS,
    );
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      expect(catalog.loadRun('bq-fresh-1')).toMatchObject({ command: 'source freshness', status: 'error' });
      const rows = Object.fromEntries(catalog.runResults('bq-fresh-1').map((r) => [r.name, r]));
      expect(rows['raw.stale']).toMatchObject({
        resourceType: 'source',
        status: 'error',
        namespace: 'raw',
        tableName: 'stale',
        details: { freshness_status: 'error' },
      });
      expect(rows['ops.dormant']).toMatchObject({ status: 'warn', details: { freshness_status: 'warn' } });
    } finally {
      catalog.close();
    }
  }, 60_000);

  it('checks only the selected sources, and a run without errors has not failed', async () => {
    const reporter = new CollectingReporter();
    const result = await sourceFreshness({
      ...isolated(root),
      reporter,
      target: 'prod',
      select: ['source:raw.fresh', 'source:ops.uploads'],
    });
    expect(result.results.map((r) => `${r.name} ${r.status}`).sort()).toEqual([
      'ops.uploads pass',
      'raw.fresh pass',
    ]);
    expect(result.failed).toBe(false);
  }, 60_000);
});
