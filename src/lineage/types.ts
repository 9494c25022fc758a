/**
 * How an upstream column reaches an output column, as stored in `ldp_lineage_column_edges.kind`:
 * it flows into the value (`copy` unchanged or renamed, `transform` through an expression,
 * `aggregate` through an aggregate function) or only influences which rows exist (`filter` in
 * WHERE/HAVING/QUALIFY, `join` in a join condition).
 */
export type ColumnEdgeKind = 'copy' | 'transform' | 'aggregate' | 'filter' | 'join';

/** A column of an upstream relation, as DuckDB describes it. */
export interface UpstreamColumn {
  readonly name: string;
  readonly type: string;
}

/** A relation a node may read, and the node that produces it. */
export interface UpstreamRelation {
  readonly nodeId: string;
  readonly columns: readonly UpstreamColumn[];
}

/**
 * What an ephemeral model's CTE stands for in lineage: `point` makes the ephemeral model the
 * parent of the columns read from it (matching the table-level graph, where it is a node);
 * `follow` traces through its SQL to the relations it reads.
 */
export type EphemeralMode = 'point' | 'follow';

/** What to trace: one node's compiled SQL and the relations and ephemeral models it reads. */
export interface ColumnLineageInput {
  /** The node's compiled SQL: one SELECT (with CTEs, set operations…). */
  readonly sql: string;
  /**
   * Upstream relations by lower-case `schema.identifier` (or `database.schema.identifier`), the
   * way compiled SQL names them (`"silver"."trips"` → `silver.trips`).
   */
  readonly relations: Readonly<Record<string, UpstreamRelation>>;
  /** Ephemeral models inlined as CTEs: CTE name (`__ldp__cte__<model>`) → node id. */
  readonly ephemerals?: Readonly<Record<string, string>>;
  /** Default `point`. */
  readonly ephemeralMode?: EphemeralMode;
}

/** One upstream column an output column derives from or is influenced by. */
export interface ColumnSource {
  readonly nodeId: string;
  readonly column: string;
  readonly kind: ColumnEdgeKind;
}

/**
 * The lineage of one output column. `traced: false` says the list of sources may be incomplete
 * (and why); the sources it does list are certain. A `select *` over a relation whose columns are
 * unknown yields one entry named like the star (`*`, `r.*`), since its columns cannot be named.
 */
export type OutputColumnLineage =
  | {
      readonly traced: true;
      readonly name: string;
      readonly sources: readonly ColumnSource[];
    }
  | {
      readonly traced: false;
      readonly name: string;
      readonly reason: string;
      readonly sources: readonly ColumnSource[];
      /** True when the entry stands for columns that could not be listed (an unexpandable star). */
      readonly placeholder?: true;
    };

/** Column lineage of a whole query: each output column in order, or why none could be traced. */
export type ColumnLineageResult =
  | { readonly status: 'traced'; readonly columns: readonly OutputColumnLineage[] }
  | { readonly status: 'failed'; readonly reason: string };

/** A column lineage edge in the catalog's shape (`ColumnLineageEdge` of the catalog records). */
export interface ColumnLineageEdge {
  readonly childId: string;
  readonly childColumn: string;
  readonly parentId: string;
  readonly parentColumn: string;
  readonly kind: ColumnEdgeKind;
}
