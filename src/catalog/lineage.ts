import type { CatalogContext } from './context.js';
import type {
  ColumnLineageEdge,
  LineageColumn,
  LineageGraph,
  LineageNode,
  ReplaceLineageOptions,
  StoredLineageEdge,
  StoredLineageNode,
} from './records.js';

/**
 * Replaces stored lineage in one transaction, so readers never see half a graph. In `partial`
 * mode only the given nodes are replaced: their rows, their columns, and the edges (table and
 * column) that lead into them; everything else stays.
 */
export function replaceLineage(
  ctx: CatalogContext,
  graph: LineageGraph,
  options: ReplaceLineageOptions,
): void {
  const runId = options.runId ?? null;
  const updatedAt = ctx.now().toISOString();
  ctx.sql.immediate(() => {
    if (options.mode === 'full') clearLineage(ctx);
    else for (const node of graph.nodes) clearNode(ctx, node.uniqueId);
    const insertNode = ctx.sql.get(
      `INSERT OR REPLACE INTO ldp_lineage_nodes (unique_id, resource_type, name, namespace, table_name, layer,
         file_path, description, materialization, meta, run_id, snapshot_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const node of graph.nodes)
      insertNode.run(...nodeValues(node), runId, node.snapshotId ?? null, updatedAt);
    const insertEdge = ctx.sql.get(
      'INSERT OR REPLACE INTO ldp_lineage_edges (parent_id, child_id, run_id) VALUES (?, ?, ?)',
    );
    for (const edge of graph.edges) insertEdge.run(edge.parentId, edge.childId, runId);
    const insertColumn = ctx.sql.get(
      `INSERT OR REPLACE INTO ldp_lineage_columns (unique_id, column_name, data_type, description, ordinal)
       VALUES (?, ?, ?, ?, ?)`,
    );
    for (const c of graph.columns) {
      insertColumn.run(c.uniqueId, c.name, c.dataType ?? null, c.description ?? null, c.ordinal);
    }
    const insertColumnEdge = ctx.sql.get(
      `INSERT OR REPLACE INTO ldp_lineage_column_edges (child_id, child_column, parent_id, parent_column, kind)
       VALUES (?, ?, ?, ?, ?)`,
    );
    for (const e of graph.columnEdges) {
      insertColumnEdge.run(e.childId, e.childColumn, e.parentId, e.parentColumn, e.kind);
    }
  });
}

/** The whole stored lineage graph, sorted for stable output; absent values stay absent. */
export function readLineage(ctx: CatalogContext): LineageGraph<StoredLineageNode, StoredLineageEdge> {
  const rows = (sql: string) => (ctx.sql.get(sql).all() as Record<string, unknown>[]).map(withoutNulls);
  const nodes = rows(
    `SELECT unique_id AS uniqueId, resource_type AS resourceType, name, namespace, table_name AS tableName, layer,
       file_path AS filePath, description, materialization, meta, run_id AS runId, snapshot_id AS snapshotId,
       updated_at AS updatedAt
     FROM ldp_lineage_nodes ORDER BY unique_id`,
  );
  return {
    nodes: nodes.map((node) => ({
      ...node,
      ...(typeof node['meta'] === 'string'
        ? { meta: JSON.parse(node['meta']) as Record<string, unknown> }
        : {}),
    })) as unknown as StoredLineageNode[],
    edges: rows(
      'SELECT parent_id AS parentId, child_id AS childId, run_id AS runId FROM ldp_lineage_edges ORDER BY child_id, parent_id',
    ) as unknown as StoredLineageEdge[],
    columns: rows(
      `SELECT unique_id AS uniqueId, column_name AS name, data_type AS dataType, description, ordinal
       FROM ldp_lineage_columns ORDER BY unique_id, ordinal, column_name`,
    ) as unknown as LineageColumn[],
    columnEdges: rows(
      `SELECT child_id AS childId, child_column AS childColumn, parent_id AS parentId, parent_column AS parentColumn, kind
       FROM ldp_lineage_column_edges ORDER BY child_id, child_column, parent_id, parent_column`,
    ) as unknown as ColumnLineageEdge[],
  };
}

/** Which of `ids` have stored lineage: one lookup each, not a read of the whole graph. */
export function storedLineageIds(ctx: CatalogContext, ids: Iterable<string>): Set<string> {
  const lookup = ctx.sql.get('SELECT 1 FROM ldp_lineage_nodes WHERE unique_id = ?');
  const stored = new Set<string>();
  for (const id of ids) if (lookup.get(id) !== undefined) stored.add(id);
  return stored;
}

function clearLineage(ctx: CatalogContext): void {
  for (const table of [
    'ldp_lineage_nodes',
    'ldp_lineage_edges',
    'ldp_lineage_columns',
    'ldp_lineage_column_edges',
  ]) {
    ctx.sql.get(`DELETE FROM ${table}`).run();
  }
}

function clearNode(ctx: CatalogContext, uniqueId: string): void {
  ctx.sql.get('DELETE FROM ldp_lineage_nodes WHERE unique_id = ?').run(uniqueId);
  ctx.sql.get('DELETE FROM ldp_lineage_edges WHERE child_id = ?').run(uniqueId);
  ctx.sql.get('DELETE FROM ldp_lineage_columns WHERE unique_id = ?').run(uniqueId);
  ctx.sql.get('DELETE FROM ldp_lineage_column_edges WHERE child_id = ?').run(uniqueId);
}

function nodeValues(node: LineageNode): (string | null)[] {
  return [
    node.uniqueId,
    node.resourceType,
    node.name,
    node.namespace ?? null,
    node.tableName ?? null,
    node.layer ?? null,
    node.filePath ?? null,
    node.description ?? null,
    node.materialization ?? null,
    node.meta === undefined ? null : JSON.stringify(node.meta),
  ];
}

/** Drops NULL columns, so optional fields are absent rather than null. */
function withoutNulls(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null));
}
