import { beforeAll, describe, expect, it } from 'vitest';
import { buildSiteData, type DocsInput, type SiteData, type SiteNode } from '../../src/docs/index.js';
import type { Manifest } from '../../src/model/manifest.js';
import { parseProject, SCRIPT_BREAKER, shopCatalog, testId } from './support.js';

let manifest: Manifest;
let input: DocsInput;
let data: SiteData;

beforeAll(async () => {
  ({ manifest } = await parseProject());
  input = { projectName: 'shop', manifest, ...shopCatalog(manifest) };
  data = buildSiteData(input);
});

function node(id: string): SiteNode {
  const found = data.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function indexOf(id: string): number {
  return data.nodes.findIndex((n) => n.id === id);
}

describe('buildSiteData', () => {
  it('documents models, sources, seeds, snapshots, tests and exposures, sorted by id', () => {
    const ids = data.nodes.map((n) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(manifest.nodes.has('analysis.shop.revenue_check')).toBe(true);
    expect(ids).not.toContain('analysis.shop.revenue_check');
    expect(data.project.counts).toEqual({ model: 4, source: 1, seed: 1, snapshot: 1, test: 4, exposure: 1 });
    expect(node('source.shop.raw.orders_raw')).toMatchObject({
      label: 'raw.orders_raw',
      relation: 'raw.orders_raw',
    });
    expect(node('model.shop.gold_revenue')).toMatchObject({
      layer: 'gold',
      materialized: 'table',
      tags: ['marts'],
    });
    expect(node('snapshot.shop.orders_snapshot').materialized).toBe('snapshot');
    expect(node('exposure.shop.revenue_dashboard').exposure).toEqual({
      exposureType: 'dashboard',
      owner: 'Finance <finance@example.com>',
    });
  });

  it('renders the overview and descriptions as markdown without running embedded markup', () => {
    const html = data.project.overviewHtml;
    expect(html).toContain('<h1>Shop lakehouse</h1>');
    expect(html).toContain('<strong>bronze</strong>');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.pwned = true&quot;&gt;');
    expect(html).not.toMatch(/<img|javascript:/i);
    expect(node('model.shop.silver_orders').descriptionHtml).toBe(
      '<p>Orders with amounts in <strong>dollars</strong>.</p>',
    );
  });

  it('merges columns: table order and types from the catalog, documented-only columns flagged missing', () => {
    const columns = node('model.shop.silver_orders').columns;
    expect(columns.map((c) => [c.name, c.type ?? null, c.missing ?? false])).toEqual([
      ['ORDER_ID', 'BIGINT', false],
      ['customer_id', 'BIGINT', false],
      ['amount', 'DECIMAL(18,2)', false],
      ['loaded_at', 'TIMESTAMP WITH TIME ZONE', false],
      ['refund_reason', null, true],
    ]);
    expect(columns[0]!.descriptionHtml).toBe('<p>The order key.</p>');
  });

  it('uses stored lineage columns, by ordinal, for a node without a catalog table', () => {
    const columns = node('model.shop.bronze_orders').columns;
    expect(columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', 'BIGINT'],
      ['customer_id', 'BIGINT'],
      ['amount_cents', 'INTEGER'],
    ]);
  });

  it('attaches tests to their column or node, with their last result', () => {
    const silver = node('model.shop.silver_orders');
    const orderTests = silver.columns[0]!.tests.map((i) => data.nodes[i]!);
    expect(orderTests.map((t) => [t.test?.testName, t.test?.result?.status])).toEqual([
      ['not_null', 'fail'],
      ['unique', 'pass'],
    ]);
    const notNull = node(testId(manifest, 'not_null', 'model.shop.silver_orders', 'order_id'));
    expect(notNull.test).toMatchObject({
      testType: 'generic',
      column: 'order_id',
      attachedTo: indexOf('model.shop.silver_orders'),
      severity: 'error',
      result: { status: 'fail', failures: 2, executedAt: '2024-05-02T10:01:00.000Z', durationMs: 12 },
    });
    const gold = node('model.shop.gold_revenue');
    expect(gold.tests.map((i) => data.nodes[i]!.id)).toEqual(['test.shop.assert_positive_revenue']);
    expect(node('test.shop.assert_positive_revenue').test?.result).toEqual({
      status: 'error',
      message: 'Binder Error: column "revenue" <b>',
    });
  });

  it('shows the Iceberg history newest first, with ids beyond 2^53 intact', () => {
    const table = node('model.shop.silver_orders').table;
    expect(table).toMatchObject({ namespace: 'silver', name: 'silver_orders', rowCount: 1234567 });
    expect(table?.snapshots.map((s) => [s.id, s.operation, s.totalRecords, s.runId])).toEqual([
      ['9007199254740995', 'overwrite', 1234567, 'run-9007199254740995'],
      ['9007199254740993', 'append', 1234000, 'run-9007199254740993'],
    ]);
  });

  it('links nodes with the manifest and stored lineage, ignoring nodes no longer in the project', () => {
    const edge = (parent: string, child: string) => [indexOf(parent), indexOf(child)];
    expect(data.edges).toContainEqual(edge('model.shop.bronze_orders', 'model.shop.silver_orders'));
    expect(data.edges).toContainEqual(edge('model.shop.gold_revenue', 'exposure.shop.revenue_dashboard'));
    expect(data.edges).toContainEqual(edge('source.shop.raw.orders_raw', 'model.shop.bronze_orders'));
    expect(new Set(data.edges.map((e) => e.join())).size).toBe(data.edges.length);
    expect(data.columnEdges).toHaveLength(5);
    expect(data.columnEdges).toContainEqual([
      indexOf('model.shop.gold_revenue'),
      'revenue',
      indexOf('model.shop.silver_orders'),
      'amount',
      'aggregate',
    ]);
    expect(data.columnEdges.flatMap((e) => [e[0], e[2]]).every((i) => i >= 0)).toBe(true);
  });

  it('makes names, descriptions, tags and columns searchable', () => {
    const text = node('model.shop.silver_orders').searchText;
    for (const word of [
      'silver_orders',
      'dollars',
      'finance',
      'refund_reason',
      'loaded_at',
      'models/silver',
    ]) {
      expect(text).toContain(word);
    }
    expect(text).toBe(text.toLowerCase());
  });

  it('keeps raw and compiled SQL as text, to be escaped when embedded', () => {
    const silver = node('model.shop.silver_orders');
    expect(silver.rawSql).toContain(SCRIPT_BREAKER);
    expect(silver.compiledSql).toContain(SCRIPT_BREAKER);
    expect(node('model.shop.gold_revenue').compiledSql).toBeUndefined();
  });

  it('gives the same data whatever order the maps came in', () => {
    const reversed = <K, V>(map: ReadonlyMap<K, V> | undefined) => new Map([...(map ?? [])].reverse());
    const shuffled: DocsInput = {
      ...input,
      manifest: { ...manifest, nodes: reversed(manifest.nodes), docs: reversed(manifest.docs) },
      tables: reversed(input.tables),
      testResults: reversed(input.testResults),
      lineage: {
        ...input.lineage!,
        columns: [...input.lineage!.columns].reverse(),
        columnEdges: [...input.lineage!.columnEdges].reverse(),
      },
    };
    expect(JSON.stringify(buildSiteData(shuffled))).toBe(JSON.stringify(data));
  });

  it('documents a project that never ran from the manifest alone', () => {
    const bare = buildSiteData({ projectName: 'shop', manifest });
    const silver = bare.nodes.find((n) => n.id === 'model.shop.silver_orders')!;
    expect(silver.table).toBeUndefined();
    expect(silver.columns.map((c) => [c.name, c.missing ?? false])).toEqual([
      ['order_id', false],
      ['amount', false],
      ['refund_reason', false],
    ]);
    expect(bare.columnEdges).toEqual([]);
    expect(bare.edges.length).toBeGreaterThan(0);
    expect(bare.nodes.every((n) => n.test?.result === undefined)).toBe(true);
    expect(bare.project.generatedAt).toBeUndefined();
  });
});
