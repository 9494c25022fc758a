/** Version of the JSON the page reads; bump it when the shape changes. */
export const SITE_SCHEMA_VERSION = 1;

/** Node kinds the site documents; analyses and unit tests are not shown. */
export type SiteNodeType = 'model' | 'source' | 'seed' | 'snapshot' | 'test' | 'exposure';

/**
 * The data embedded in the page. Nodes are sorted by id; everything else points at nodes by
 * their index in `nodes`, which keeps a 5,000-model graph small. Markdown is already rendered
 * (and made safe) at generate time, so the page only inserts it.
 */
export interface SiteData {
  readonly schemaVersion: typeof SITE_SCHEMA_VERSION;
  readonly project: SiteProject;
  readonly nodes: readonly SiteNode[];
  /** Table-level lineage: `[parentIndex, childIndex]`, sorted. */
  readonly edges: readonly (readonly [number, number])[];
  /** Column-level lineage, sorted. */
  readonly columnEdges: readonly SiteColumnEdge[];
}

/** `[childIndex, childColumn, parentIndex, parentColumn, kind]`. */
export type SiteColumnEdge = readonly [number, string, number, string, ColumnEdgeKind];

/** How a column is computed from a parent column. */
export type ColumnEdgeKind = 'copy' | 'transform' | 'aggregate' | 'filter' | 'join';

export type TestStatus = 'pass' | 'warn' | 'fail' | 'error';

export interface SiteProject {
  readonly name: string;
  /** The `__overview__` docs block as HTML; empty when the project has none. */
  readonly overviewHtml: string;
  readonly generatedAt?: string;
  readonly counts: Readonly<Record<SiteNodeType, number>>;
}

export interface SiteNode {
  readonly id: string;
  readonly type: SiteNodeType;
  readonly name: string;
  /** What the page shows as the node's title (`source_name.table` for sources). */
  readonly label: string;
  readonly descriptionHtml: string;
  /** Lower-case name, description text, tags and column names, for the search box. */
  readonly searchText: string;
  readonly filePath: string;
  readonly tags: readonly string[];
  /** `docs.node_color`: the colour of the node's stripe in the lineage graph. */
  readonly color?: string;
  readonly layer?: string;
  readonly materialized?: string;
  /** `schema.identifier` of the node's relation in the warehouse. */
  readonly relation?: string;
  readonly rawSql?: string;
  readonly compiledSql?: string;
  readonly columns: readonly SiteColumn[];
  /** Tests on the node as a whole (not on one column), as node indexes. */
  readonly tests: readonly number[];
  readonly table?: SiteTable;
  readonly test?: SiteTestInfo;
  readonly source?: SiteSourceInfo;
  readonly exposure?: SiteExposureInfo;
}

export interface SiteColumn {
  readonly name: string;
  /** The catalog's type when the table exists, else the documented `data_type`. */
  readonly type?: string;
  readonly descriptionHtml: string;
  /** Tests on this column, as node indexes. */
  readonly tests: readonly number[];
  /** Documented in YAML but missing from the table in the catalog. */
  readonly missing?: true;
}

export interface SiteTable {
  readonly namespace: string;
  readonly name: string;
  readonly rowCount?: number;
  readonly sizeBytes?: number;
  /** Newest first. */
  readonly snapshots: readonly SiteSnapshot[];
}

export interface SiteSnapshot {
  readonly id: string;
  readonly committedAt: string;
  readonly operation: string;
  readonly addedRecords?: number;
  readonly deletedRecords?: number;
  readonly totalRecords?: number;
  readonly runId?: string;
}

export interface SiteTestInfo {
  readonly testType: 'generic' | 'singular';
  /** The generic test's macro (`not_null`, `relationships`…). */
  readonly testName?: string;
  /** The arguments as written, as JSON text. */
  readonly kwargs?: string;
  /** Index of the node a generic test is attached to. */
  readonly attachedTo?: number;
  readonly column?: string;
  readonly severity: 'error' | 'warn';
  readonly result?: SiteTestResult;
}

export interface SiteTestResult {
  readonly status: TestStatus;
  readonly failures?: number;
  readonly executedAt?: string;
  readonly durationMs?: number;
  readonly message?: string;
}

export interface SiteSourceInfo {
  readonly sourceName: string;
  readonly sourceDescriptionHtml: string;
  readonly loadedAtField?: string;
}

export interface SiteExposureInfo {
  readonly exposureType: string;
  readonly maturity?: string;
  readonly url?: string;
  readonly owner?: string;
}
