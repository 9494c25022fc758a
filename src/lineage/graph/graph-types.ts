import type { ColumnEdgeKind, ColumnLineageEdge } from '../types.js';

/** A node of the stored lineage graph (the catalog's `LineageNode` has this shape). */
export interface LineageGraphNode {
  readonly uniqueId: string;
  readonly resourceType: string;
  readonly name: string;
  readonly layer?: string;
  readonly namespace?: string;
  readonly tableName?: string;
  readonly materialization?: string;
}

/**
 * The stored lineage graph as `SqliteCatalog.readLineage()` returns it (the catalog's
 * `LineageGraph`): nodes, table-level edges, known columns and column-level edges.
 */
export interface LineageGraphInput {
  readonly nodes: readonly LineageGraphNode[];
  readonly edges: readonly { readonly parentId: string; readonly childId: string }[];
  readonly columns: readonly { readonly uniqueId: string; readonly name: string; readonly ordinal: number }[];
  readonly columnEdges: readonly ColumnLineageEdge[];
}

/** Which way to follow edges from the queried node. */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

/** A question to the stored lineage graph (`ldp lineage <node> [--column c] [--depth n]`). */
export interface LineageQuery {
  /** A unique id (`model.taxi.trips`) or a node name (`trips`). */
  readonly node: string;
  readonly direction: LineageDirection;
  /** Hops to follow; all when absent. 0 is the node alone. */
  readonly depth?: number;
  /** Follow this column of the node through column-level edges instead of whole nodes. */
  readonly column?: string;
}

/** A node, or a column of a node, reached by a lineage query. */
export interface LineageVertex {
  /** `uniqueId`, or `uniqueId` + `.` + column for column lineage. */
  readonly key: string;
  readonly nodeId: string;
  readonly column?: string;
  /** The node's stored metadata; absent when only an edge mentions the node. */
  readonly node?: LineageGraphNode;
  /** Fewest hops from the queried node (0 for itself). */
  readonly distance: number;
}

/** An edge in data-flow direction: `from` is upstream of `to`. */
export interface LineageLink {
  readonly from: string;
  readonly to: string;
  /** How the column flows or influences (column lineage only). */
  readonly kind?: ColumnEdgeKind;
}

/** The part of the lineage graph a query reached, sorted for stable output. */
export interface LineageSubgraph {
  readonly level: 'table' | 'column';
  readonly direction: LineageDirection;
  readonly depth?: number;
  /** Key of the queried vertex. */
  readonly root: string;
  readonly vertices: readonly LineageVertex[];
  readonly links: readonly LineageLink[];
}
