import type { LineageColumn, LineageGraph } from '../../catalog/index.js';
import { type ColumnLineageResult, columnLineageEdges } from '../../lineage/index.js';
import type { Manifest } from '../../model/manifest.js';
import type { ColumnInfo } from '../../model/node.js';
import type { WarehouseState } from '../../model/warehouse-state.js';
import { documentedColumns, type KnownColumn, type RelationColumns } from './lineage-columns.js';
import { type LineageGraphNode, lineageEdgesInto, lineageNodeOf } from './lineage-nodes.js';

/** What lineage knows about the nodes it records. */
export interface LineageFacts {
  readonly manifest: Manifest;
  readonly warehouse: WarehouseState;
  /** The nodes to record, in any order. */
  readonly nodes: readonly LineageGraphNode[];
  /** Columns of relations (tables, views, sources), by unique id. */
  readonly columns: ReadonlyMap<string, RelationColumns>;
  /** Column lineage of the traced SQL nodes, by unique id. */
  readonly traced: ReadonlyMap<string, ColumnLineageResult>;
}

/**
 * The lineage graph of `facts.nodes` in the catalog's shape: one row per node, the manifest's
 * edges into them, their columns with types and descriptions, and the column edges of the
 * traced ones. A node without a relation of its own gets the output columns its SQL traced to
 * (a model that failed before its first build), else its documented ones (an ephemeral model),
 * without types unless YAML gives them. Pure.
 */
export function buildLineageGraph(facts: LineageFacts): LineageGraph {
  const nodes = [...facts.nodes].sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1));
  return {
    nodes: nodes.map((node) => lineageNodeOf(node, facts.warehouse)),
    edges: lineageEdgesInto(
      facts.manifest,
      nodes.map((n) => n.uniqueId),
    ),
    columns: nodes.flatMap((node) => nodeColumns(node, facts)),
    columnEdges: nodes.flatMap((node) => {
      const result = facts.traced.get(node.uniqueId);
      return result ? columnLineageEdges(node.uniqueId, result) : [];
    }),
  };
}

function nodeColumns(node: LineageGraphNode, facts: LineageFacts): LineageColumn[] {
  const yaml = 'columns' in node ? node.columns : {};
  const traced = tracedColumns(facts.traced.get(node.uniqueId));
  const known =
    facts.columns.get(node.uniqueId)?.columns ?? (traced.length > 0 ? traced : documentedColumns(yaml));
  const documented = documentedByName(yaml);
  const seen = new Set<string>();
  const columns: LineageColumn[] = [];
  for (const column of known) {
    // DuckDB renames duplicates, but YAML or a foreign schema may repeat a name: keep the first.
    if (seen.has(column.name)) continue;
    seen.add(column.name);
    const description = documented.get(column.name.toLowerCase())?.description;
    columns.push({
      uniqueId: node.uniqueId,
      name: column.name,
      ...(column.type ? { dataType: column.type } : {}),
      ...(description ? { description } : {}),
      ordinal: columns.length,
    });
  }
  return columns;
}

function tracedColumns(result: ColumnLineageResult | undefined): KnownColumn[] {
  if (result?.status !== 'traced') return [];
  return result.columns.filter((c) => !('placeholder' in c && c.placeholder)).map((c) => ({ name: c.name }));
}

function documentedByName(columns: Readonly<Record<string, ColumnInfo>>): Map<string, ColumnInfo> {
  return new Map(Object.values(columns).map((c) => [c.name.toLowerCase(), c]));
}
