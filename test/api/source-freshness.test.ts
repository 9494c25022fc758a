import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectingReporter, seed, sourceFreshness } from '../../src/api/index.js';
import { openCatalog } from '../../src/catalog/index.js';
import { runCli } from '../support/run-cli.js';
import { isolated, tempProject } from '../support/temp-project.js';

const NOW = new Date('2024-01-02T00:00:00Z');

const SOURCES = `version: 2
sources:
  - name: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 2, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: fresh
        location: data/fresh.csv
      - name: late
        location: data/late.csv
      - name: stale
        location: data/stale.csv
      - name: lenient
        location: data/stale.csv
        freshness:
          error_after: {count: 7, period: day}
      - name: filtered
        location: data/mixed.csv
        freshness:
          filter: "kind = 'a'"
      - name: unchecked
        location: data/stale.csv
        freshness: null
      - name: broken
        location: data/fresh.csv
        loaded_at_field: loaded_att
  - name: ops
    freshness:
      warn_after: {count: 2, period: hour}
    tables:
      - name: batches
        loaded_at_query: "select timestamp '2024-01-01 21:00:00' as last_batch"
`;

function project(): string {
  return tempProject({
    'ldp_project.yml': 'name: shop\n',
    'models/sources.yml': SOURCES,
    'data/fresh.csv': 'id,loaded_at\n1,2024-01-01 20:00:00\n2,2024-01-01 23:00:00\n',
    'data/late.csv': 'id,loaded_at\n1,2024-01-01 20:00:00\n',
    'data/stale.csv': 'id,loaded_at\n1,2023-12-30 12:00:00\n',
    'data/mixed.csv': 'id,kind,loaded_at\n1,a,2024-01-01 20:00:00\n2,b,2024-01-01 23:30:00\n',
  });
}

async function check(root: string, extra: Record<string, unknown> = {}) {
  const reporter = new CollectingReporter();
  const result = await sourceFreshness({ ...isolated(root), reporter, clock: () => NOW, ...extra });
  return { ...result, reporter };
}

const statusById = (results: readonly { uniqueId: string; status: string }[]) =>
  Object.fromEntries(results.map((r) => [r.uniqueId.replace('source.shop.', ''), r.status]));

describe('ldp source freshness', () => {
  it('compares each source’s latest load with its inherited or own limits', async () => {
    const root = project();
    const result = await check(root);
    expect(statusById(result.results)).toEqual({
      'raw.fresh': 'pass', // 1 hour old
      'raw.late': 'warn', // 4 hours
      'raw.stale': 'error', // 2.5 days, past error_after
      'raw.lenient': 'warn', // the same data, but its own error_after is 7 days
      'raw.filtered': 'warn', // only kind 'a' counts: 4 hours (all rows: 30 minutes)
      'raw.broken': 'runtime error',
      'ops.batches': 'warn', // loaded_at_query: 3 hours
    });
    expect(result.failed).toBe(true);
    const ends = result.reporter.events.filter((e) => e.kind === 'node-end');
    expect(ends.find((e) => e.label === 'freshness of raw.stale')).toMatchObject({
      status: 'error',
      statusText: 'ERROR STALE',
      detail: 'ERROR STALE',
    });
    expect(ends.find((e) => e.label === 'freshness of raw.broken')).toMatchObject({
      status: 'error',
      detail: 'ERROR',
    });
    const broken = result.reporter.events.find((e) => e.kind === 'diagnostic');
    expect(broken?.kind === 'diagnostic' && broken.diagnostic).toMatchObject({
      code: 'LDP450',
      span: { file: 'models/sources.yml', line: 26 },
      message: expect.stringContaining('max(loaded_att)'),
    });
    expect(result.reporter.events.at(-1)).toMatchObject({
      kind: 'summary',
      counts: { PASS: 1, WARN: 4, ERROR: 2, TOTAL: 7 },
    });
  });

  it('writes target/sources.json in dbt’s shape and records the results in the catalog', async () => {
    const root = project();
    const result = await check(root, { invocationId: 'fresh-1' });
    expect(result.path).toBe(join(root, 'target', 'sources.json'));
    const json = JSON.parse(readFileSync(result.path, 'utf8'));
    expect(json.schemaVersion).toBe(1);
    expect(json.metadata).toMatchObject({ invocation_id: 'fresh-1', command: 'source freshness' });
    expect(json.results.map((r: { unique_id: string }) => r.unique_id)).toEqual([
      'source.shop.ops.batches',
      'source.shop.raw.broken',
      'source.shop.raw.filtered',
      'source.shop.raw.fresh',
      'source.shop.raw.late',
      'source.shop.raw.lenient',
      'source.shop.raw.stale',
    ]);
    const fresh = json.results.find((r: { unique_id: string }) => r.unique_id === 'source.shop.raw.fresh');
    expect(fresh).toMatchObject({
      status: 'pass',
      max_loaded_at: '2024-01-01T23:00:00+00:00',
      snapshotted_at: '2024-01-02T00:00:00+00:00',
      max_loaded_at_time_ago_in_s: 3600,
      criteria: {
        warn_after: { count: 2, period: 'hour' },
        error_after: { count: 1, period: 'day' },
        filter: null,
      },
      thread_id: expect.stringMatching(/^Thread-\d+$/),
      timing: [{ name: 'execute' }],
    });
    expect(typeof fresh.execution_time).toBe('number');
    const batches = json.results.find(
      (r: { unique_id: string }) => r.unique_id === 'source.shop.ops.batches',
    );
    expect(batches.criteria).toEqual({
      warn_after: { count: 2, period: 'hour' },
      error_after: { count: null, period: null },
      filter: null,
    });
    const broken = json.results.find((r: { unique_id: string }) => r.unique_id === 'source.shop.raw.broken');
    expect(broken).toMatchObject({ status: 'runtime error', error: expect.stringContaining('loaded_att') });
    expect(broken.max_loaded_at).toBeUndefined();

    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      expect(catalog.loadRun('fresh-1')).toMatchObject({ command: 'source freshness', status: 'error' });
      const rows = Object.fromEntries(catalog.runResults('fresh-1').map((r) => [r.name, r]));
      expect(rows['raw.late']).toMatchObject({
        resourceType: 'source',
        status: 'warn',
        namespace: 'raw',
        tableName: 'late',
        details: { freshness_status: 'warn', max_loaded_at_time_ago_in_s: 14400 },
      });
      expect(rows['raw.broken']).toMatchObject({
        status: 'error',
        details: { freshness_status: 'runtime error' },
      });
    } finally {
      catalog.close();
    }
  });

  it('checks only the selected sources, and a run without errors has not failed', async () => {
    const root = project();
    const one = await check(root, { select: ['source:raw.fresh'] });
    expect(statusById(one.results)).toEqual({ 'raw.fresh': 'pass' });
    expect(one.failed).toBe(false);
    const ops = await check(root, { select: ['source:ops'] });
    expect(statusById(ops.results)).toEqual({ 'ops.batches': 'warn' });
    expect(ops.failed).toBe(false);
  });

  it('reads a source that is a table of the warehouse, and reports an empty one as a runtime error', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'seeds/loads.csv': 'id,loaded_at\n1,2024-01-01 22:00:00\n',
      'seeds/empty_loads.csv': 'id,loaded_at\n',
      'models/sources.yml': `version: 2
sources:
  - name: main
    loaded_at_field: loaded_at::timestamp
    freshness: {error_after: {count: 1, period: hour}}
    tables:
      - name: loads
      - name: empty_loads
`,
    });
    expect((await seed(isolated(root))).failed).toBe(false);
    const result = await check(root);
    expect(statusById(result.results)).toEqual({
      'main.loads': 'error',
      'main.empty_loads': 'runtime error',
    });
    const empty = result.results.find((r) => r.name === 'main.empty_loads');
    expect(empty?.message).toContain('found no load time');
  });

  it('exits with 1 and prints ERROR STALE when a source is past error_after', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'data/old.csv': 'id,loaded_at\n1,2001-01-01 00:00:00\n',
      'models/sources.yml': `version: 2
sources:
  - name: raw
    freshness: {warn_after: {count: 1, period: minute}, error_after: {count: 1, period: day}}
    tables:
      - name: old
        location: data/old.csv
        loaded_at_field: loaded_at
      - name: live
        loaded_at_query: select now()
`,
    });
    const stale = runCli(['source', 'freshness'], root);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/\d of 2 ERROR STALE freshness of raw\.old \.+ \[ERROR STALE in/);
    expect(stale.stdout).toMatch(/\d of 2 PASS freshness of raw\.live \.+ \[PASS in/);
    const live = runCli(['source', 'freshness', '-s', 'source:raw.live', '-o', 'out/fresh.json'], root);
    expect(live.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'out/fresh.json'), 'utf8')).results).toHaveLength(1);
  });
});
