import { describeQuery, relationName } from '../../adapters/duckdb/index.js';
import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import type { ColumnInfo, SourceNode } from '../../model/node.js';
import type { WarehouseState } from '../../model/warehouse-state.js';
import { type LineageGraphNode, relationKeyOf, storedRelation } from './lineage-nodes.js';

/** A column of a node as lineage records it; the type is absent when nothing reported one. */
export interface KnownColumn {
  readonly name: string;
  readonly type?: string;
}

/**
 * A relation's columns and where they were read: the warehouse and the engine report every
 * column; YAML lists only the documented ones, so it describes a node but never feeds tracing.
 */
export interface RelationColumns {
  readonly from: 'warehouse' | 'engine' | 'yaml';
  readonly columns: readonly KnownColumn[];
}

/**
 * The columns of each node that has a relation, in relation order: tables from their Iceberg
 * schema and views from their recorded columns (both in `warehouse`, read after the run),
 * sources from DuckDB (DESCRIBE of the session's view over their files, attaching it when the
 * command did not) or, when their files cannot be read, from their YAML. A model that was never
 * built has no entry: its documented columns may be incomplete, and lineage never guesses.
 */
export async function relationColumns(
  session: LakehouseSession,
  projectRoot: string,
  warehouse: WarehouseState,
  nodes: Iterable<LineageGraphNode>,
): Promise<Map<string, RelationColumns>> {
  const columns = new Map<string, RelationColumns>();
  for (const node of nodes) {
    const relation = storedRelation(node);
    if (!relation || columns.has(node.uniqueId)) continue;
    if (node.resourceType === 'source') {
      const described = await describeSource(session, projectRoot, node);
      const documented = documentedColumns(node.columns);
      if (described) columns.set(node.uniqueId, { from: 'engine', columns: described });
      else if (documented.length > 0) columns.set(node.uniqueId, { from: 'yaml', columns: documented });
      continue;
    }
    const stored = warehouse.relations.get(relationKeyOf(relation));
    if (stored) columns.set(node.uniqueId, { from: 'warehouse', columns: stored.columns });
  }
  return columns;
}

/** The YAML columns of a node, with the `data_type` written there, if any. */
export function documentedColumns(documented: Readonly<Record<string, ColumnInfo>>): KnownColumn[] {
  return Object.values(documented).map((c) => ({
    name: c.name,
    ...(c.dataType ? { type: c.dataType } : {}),
  }));
}

async function describeSource(
  session: LakehouseSession,
  projectRoot: string,
  source: SourceNode,
): Promise<KnownColumn[] | undefined> {
  const describe = () =>
    session.pool.withConnection((conn) =>
      describeQuery(conn, `select * from ${relationName(source.relation)}`),
    );
  try {
    return await describe();
  } catch {
    // Not attached by the command (it read no model that reads this source): attach it now.
  }
  try {
    await session.attachSources([source], projectRoot);
    return await describe();
  } catch {
    // Files missing or unreadable: the command that reads them reports why.
    return undefined;
  }
}
