import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { openTable } from '../../../src/iceberg/index.js';
import { execute } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';
import { SHOP_FILES } from './fixture.js';

function storedLineage(root: string) {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return catalog.readLineage();
  } finally {
    catalog.close();
  }
}

function currentSnapshotId(root: string, namespace: string, name: string): string | undefined {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return openTable(catalog, { namespace: [namespace], name })?.currentSnapshot?.['snapshot-id'].toString();
  } finally {
    catalog.close();
  }
}

type Graph = ReturnType<typeof storedLineage>;

/** `child.column <- parent.column (kind)` lines of one node, sorted. */
function columnEdgesOf(graph: Graph, childId: string): string[] {
  return graph.columnEdges
    .filter((e) => e.childId === childId)
    .map(
      (e) => `${e.childColumn} <- ${e.parentId.split('.').slice(2).join('.')}.${e.parentColumn} (${e.kind})`,
    )
    .sort();
}

function columnsOf(graph: Graph, uniqueId: string): string[] {
  return graph.columns.filter((c) => c.uniqueId === uniqueId).map((c) => `${c.name} ${c.dataType ?? '?'}`);
}

describe('lineage recorded by ldp build', () => {
  it('stores nodes, edges, typed columns and hand-checked column edges for the whole project', async () => {
    const root = tempProject(SHOP_FILES);
    const result = await execute('build', root);
    expect(result.failed).toBe(false);
    const graph = storedLineage(root);

    const nodes = Object.fromEntries(graph.nodes.map((n) => [n.uniqueId, n]));
    expect(Object.keys(nodes).filter((id) => !id.startsWith('test.'))).toEqual([
      'exposure.shop.revenue_dashboard',
      'model.shop.bronze_orders',
      'model.shop.customer_revenue',
      'model.shop.paid_orders',
      'model.shop.silver_orders',
      'seed.shop.customers',
      'source.shop.raw.orders',
    ]);
    expect(graph.nodes.filter((n) => n.resourceType === 'test')).toHaveLength(2);
    expect(graph.nodes.every((n) => n.runId === result.runId)).toBe(true);
    expect(nodes['model.shop.silver_orders']).toMatchObject({
      namespace: 'silver',
      tableName: 'silver_orders',
      layer: 'silver',
      materialization: 'table',
      description: 'Paid orders with the customer name.',
      filePath: 'models/silver/silver_orders.sql',
      snapshotId: currentSnapshotId(root, 'silver', 'silver_orders'),
    });
    expect(nodes['seed.shop.customers']?.snapshotId).toBe(currentSnapshotId(root, 'bronze', 'customers'));
    expect(nodes['model.shop.customer_revenue']).toMatchObject({
      materialization: 'view',
      namespace: 'gold',
    });
    expect(nodes['model.shop.customer_revenue']?.snapshotId).toBeUndefined();
    expect(nodes['model.shop.paid_orders']?.namespace).toBeUndefined();
    expect(nodes['exposure.shop.revenue_dashboard']?.meta).toMatchObject({ exposureType: 'dashboard' });

    const edges = graph.edges.map((e) => `${e.parentId} -> ${e.childId}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'source.shop.raw.orders -> model.shop.bronze_orders',
        'model.shop.bronze_orders -> model.shop.paid_orders',
        'model.shop.paid_orders -> model.shop.silver_orders',
        'seed.shop.customers -> model.shop.silver_orders',
        'model.shop.silver_orders -> model.shop.customer_revenue',
        'model.shop.customer_revenue -> exposure.shop.revenue_dashboard',
      ]),
    );
    expect(edges).toHaveLength(8);

    // Types from the engine: the source by DESCRIBE, tables from Iceberg, the view as recorded.
    expect(columnsOf(graph, 'source.shop.raw.orders')).toEqual([
      'id BIGINT',
      'customer_id BIGINT',
      'amount_cents BIGINT',
      'status VARCHAR',
    ]);
    expect(columnsOf(graph, 'model.shop.silver_orders')).toEqual([
      'order_id BIGINT',
      'customer_id BIGINT',
      'customer_name VARCHAR',
      'amount DOUBLE',
    ]);
    expect(columnsOf(graph, 'model.shop.customer_revenue')).toEqual([
      'customer_name VARCHAR',
      'revenue DOUBLE',
      'orders BIGINT',
    ]);
    const documented = graph.columns.find((c) => c.uniqueId === 'source.shop.raw.orders' && c.name === 'id');
    expect(documented?.description).toBe('The order id.');

    expect(columnEdgesOf(graph, 'model.shop.bronze_orders')).toEqual([
      'amount_cents <- raw.orders.amount_cents (copy)',
      'customer_id <- raw.orders.customer_id (copy)',
      'order_id <- raw.orders.id (copy)',
      'status <- raw.orders.status (copy)',
    ]);
    // Through the ephemeral model to bronze: a transform, a filter (status = 'paid') and the
    // join key, which influence every column; a copy stays the strongest kind.
    expect(columnEdgesOf(graph, 'model.shop.silver_orders')).toEqual([
      'amount <- bronze_orders.amount_cents (transform)',
      'amount <- bronze_orders.customer_id (join)',
      'amount <- bronze_orders.status (filter)',
      'amount <- customers.customer_id (join)',
      'customer_id <- bronze_orders.customer_id (copy)',
      'customer_id <- bronze_orders.status (filter)',
      'customer_id <- customers.customer_id (join)',
      'customer_name <- bronze_orders.customer_id (join)',
      'customer_name <- bronze_orders.status (filter)',
      'customer_name <- customers.customer_id (join)',
      'customer_name <- customers.name (copy)',
      'order_id <- bronze_orders.customer_id (join)',
      'order_id <- bronze_orders.order_id (copy)',
      'order_id <- bronze_orders.status (filter)',
      'order_id <- customers.customer_id (join)',
    ]);
    // count(*) reads no column: `orders` has no edge, and none is guessed.
    expect(columnEdgesOf(graph, 'model.shop.customer_revenue')).toEqual([
      'customer_name <- silver_orders.customer_name (copy)',
      'revenue <- silver_orders.amount (aggregate)',
    ]);
  });

  it('replaces only the selected nodes after a run with --select (partial)', async () => {
    const root = tempProject(SHOP_FILES);
    const first = await execute('build', root);
    const before = storedLineage(root);
    writeFileSync(
      join(root, 'models/silver/silver_orders.sql'),
      "select p.order_id, p.amount * 2 as double_amount from {{ ref('paid_orders') }} p\n",
    );
    const second = await execute('run', root, { select: ['silver_orders'] });
    expect(second.failed).toBe(false);
    const after = storedLineage(root);

    const runOf = (graph: Graph, id: string) => graph.nodes.find((n) => n.uniqueId === id)?.runId;
    expect(runOf(after, 'model.shop.silver_orders')).toBe(second.runId);
    expect(runOf(after, 'model.shop.bronze_orders')).toBe(first.runId);
    expect(runOf(after, 'model.shop.customer_revenue')).toBe(first.runId);
    expect(after.nodes).toHaveLength(before.nodes.length);
    expect(columnEdgesOf(after, 'model.shop.silver_orders')).toEqual([
      'double_amount <- bronze_orders.amount_cents (transform)',
      'double_amount <- bronze_orders.status (filter)',
      'order_id <- bronze_orders.order_id (copy)',
      'order_id <- bronze_orders.status (filter)',
    ]);
    expect(
      after.edges.filter((e) => e.childId === 'model.shop.silver_orders').map((e) => e.parentId),
    ).toEqual(['model.shop.paid_orders']);
    // Other nodes' rows are untouched, including edges that now point at a changed node.
    expect(columnEdgesOf(after, 'model.shop.customer_revenue')).toEqual(
      columnEdgesOf(before, 'model.shop.customer_revenue'),
    );
    expect(columnsOf(after, 'model.shop.silver_orders')).toEqual(['order_id BIGINT', 'double_amount DOUBLE']);
  });

  it('records the parents a first selective run reads, and traces again when an upstream schema changes', async () => {
    const root = tempProject({
      ...SHOP_FILES,
      'models/silver/all_orders.sql': "select * from {{ ref('bronze_orders') }}\n",
    });
    await execute('run', root, { select: ['bronze_orders', 'all_orders'] });
    const partial = storedLineage(root);
    expect(partial.nodes.map((n) => n.uniqueId)).toEqual([
      'model.shop.all_orders',
      'model.shop.bronze_orders',
      'source.shop.raw.orders',
    ]);
    expect(columnsOf(partial, 'source.shop.raw.orders')).toHaveLength(4);

    await execute('run', root);
    const path = join(root, 'models/bronze/bronze_orders.sql');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('status from', 'status, upper(status) as label from'),
    );
    // all_orders is unchanged: only the columns of what it reads say its lineage changed.
    await execute('run', root);
    expect(columnEdgesOf(storedLineage(root), 'model.shop.all_orders')).toEqual([
      'amount_cents <- bronze_orders.amount_cents (copy)',
      'customer_id <- bronze_orders.customer_id (copy)',
      'label <- bronze_orders.label (copy)',
      'order_id <- bronze_orders.order_id (copy)',
      'status <- bronze_orders.status (copy)',
    ]);
  });
});
