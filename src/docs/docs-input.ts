import type { Manifest } from '../model/manifest.js';
import type { ColumnEdgeKind, TestStatus } from './site-data.js';

/**
 * Everything the docs site shows. Only `projectName` and `manifest` are required: a project that
 * was never run has no compiled SQL, no catalog facts, no test results and no stored lineage, and
 * its site still documents every node from the manifest.
 *
 * Maps are keyed by node unique id (`model.shop.orders`). Entries for ids that are not in the
 * manifest are ignored: the site documents the project as it is now.
 */
export interface DocsInput {
  readonly projectName: string;
  /** The parsed project. The `__overview__` docs block, if any, becomes the overview page. */
  readonly manifest: Manifest;
  /** Compiled SQL of each node that was compiled. */
  readonly compiledSql?: ReadonlyMap<string, string>;
  /** What the catalog knows about each materialized node. */
  readonly tables?: ReadonlyMap<string, DocsTable>;
  /** The last result of each data test. */
  readonly testResults?: ReadonlyMap<string, DocsTestResult>;
  /** Table- and column-level lineage as stored in the catalog (`LineageGraph` has this shape). */
  readonly lineage?: DocsLineage;
  /** Shown in the page footer; absent keeps the output identical from one generation to the next. */
  readonly generatedAt?: string;
}

/** A node's table (or view) in the catalog. */
export interface DocsTable {
  readonly namespace: string;
  readonly tableName: string;
  /** The table's columns with the types the engine reports, in table order. */
  readonly columns: readonly DocsTableColumn[];
  readonly rowCount?: number;
  readonly sizeBytes?: number;
  /** Iceberg snapshots, in any order (the site shows the newest first). Views have none. */
  readonly snapshots?: readonly DocsSnapshot[];
}

export interface DocsTableColumn {
  readonly name: string;
  readonly type: string;
}

/** One Iceberg snapshot of a table. */
export interface DocsSnapshot {
  /** As a string: snapshot ids may exceed 2^53. */
  readonly snapshotId: string;
  /** ISO timestamp of the commit. */
  readonly committedAt: string;
  /** Iceberg's summary operation: `append`, `overwrite`, `replace` or `delete`. */
  readonly operation: string;
  readonly addedRecords?: number;
  readonly deletedRecords?: number;
  readonly totalRecords?: number;
  /** The ldp run that committed the snapshot. */
  readonly runId?: string;
}

/** The last result of a data test. */
export interface DocsTestResult {
  readonly status: TestStatus;
  /** Failing rows found. */
  readonly failures?: number;
  /** ISO timestamp of when the test ran. */
  readonly executedAt?: string;
  readonly durationMs?: number;
  readonly message?: string;
}

/**
 * Stored lineage. Structurally the catalog's `LineageGraph`, so the catalog's value can be passed
 * as it is; declared here because the docs stage may not import the catalog.
 */
export interface DocsLineage {
  readonly nodes: readonly { readonly uniqueId: string }[];
  readonly edges: readonly { readonly parentId: string; readonly childId: string }[];
  readonly columns: readonly DocsLineageColumn[];
  readonly columnEdges: readonly DocsColumnEdge[];
}

export interface DocsLineageColumn {
  readonly uniqueId: string;
  readonly name: string;
  readonly dataType?: string;
  readonly description?: string;
  readonly ordinal: number;
}

/** `childId.childColumn` is computed from `parentId.parentColumn`, in the way `kind` says. */
export interface DocsColumnEdge {
  readonly childId: string;
  readonly childColumn: string;
  readonly parentId: string;
  readonly parentColumn: string;
  readonly kind: ColumnEdgeKind;
}
