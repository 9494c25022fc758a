import { LATEST_VERSION, type SqliteCatalog } from '../../catalog/index.js';
import type { DocsInput, DocsSnapshot, DocsTable, DocsTestResult, TestStatus } from '../../docs/index.js';
import { asWarning, LdpError } from '../../errors/index.js';
import { duckTypeOf, type IcebergTable, type Snapshot } from '../../iceberg/index.js';
import type { Manifest } from '../../model/manifest.js';
import type { GraphNode } from '../../model/node.js';
import type { StoredNode } from '../session/resolve-node.js';
import { findStoredRelation } from '../warehouse/stored-relation.js';

/** What the docs site shows from the catalog: tables, last test results, stored lineage. */
export type CatalogDocsFacts = Pick<DocsInput, 'tables' | 'testResults' | 'lineage'>;

/**
 * Reads, for every node of `manifest`, what the catalog knows: each table's Iceberg metadata
 * (columns with types, `total-records`, `total-files-size`, every snapshot with its `ldp.run-id`),
 * each view's recorded columns, each data test's last result, and the stored lineage. A catalog
 * another tool wrote (without ldp's tables) gives tables only.
 */
export function catalogDocsFacts(
  catalog: SqliteCatalog,
  manifest: Manifest,
  warn: (error: LdpError) => void = () => {},
): CatalogDocsFacts {
  const tables = new Map<string, DocsTable>();
  const testResults = new Map<string, DocsTestResult>();
  const ldpTables = catalog.schemaVersion === LATEST_VERSION;
  for (const node of manifest.nodes.values()) {
    if (isStored(node)) {
      const table = docsTableOrWarn(catalog, node, warn);
      if (table) tables.set(node.uniqueId, table);
    } else if (node.resourceType === 'test' && ldpTables) {
      const result = lastTestResult(catalog, node.uniqueId);
      if (result) testResults.set(node.uniqueId, result);
    }
  }
  return { tables, testResults, ...(ldpTables ? { lineage: catalog.readLineage() } : {}) };
}

function isStored(node: GraphNode): node is StoredNode {
  if (node.resourceType === 'model') return node.config.materialized !== 'ephemeral';
  return node.resourceType === 'seed' || node.resourceType === 'snapshot';
}

/** A table whose files cannot be read is left out of the site with a warning; the rest is documented. */
function docsTableOrWarn(
  catalog: SqliteCatalog,
  node: StoredNode,
  warn: (error: LdpError) => void,
): DocsTable | undefined {
  try {
    return docsTable(catalog, node);
  } catch (error) {
    if (!(error instanceof LdpError)) throw error;
    warn(asWarning(error));
    return undefined;
  }
}

function docsTable(catalog: SqliteCatalog, node: StoredNode): DocsTable | undefined {
  const found = findStoredRelation(catalog, node);
  const place = { namespace: found.id.namespace.join('.'), tableName: found.id.name };
  switch (found.kind) {
    case 'table':
      return { ...place, ...icebergFacts(found.table) };
    case 'view':
      return { ...place, columns: found.view.columns.map((c) => ({ name: c.name, type: c.type })) };
    case 'missing':
      return undefined;
  }
}

function icebergFacts(table: IcebergTable): Omit<DocsTable, 'namespace' | 'tableName'> {
  const current = table.currentSnapshot;
  const rowCount = count(current?.summary['total-records']);
  const sizeBytes = count(current?.summary['total-files-size']);
  return {
    columns: table.schema.fields.map((f) => ({ name: f.name, type: duckTypeOf(f.type) })),
    ...(rowCount === undefined ? {} : { rowCount }),
    ...(sizeBytes === undefined ? {} : { sizeBytes }),
    snapshots: table.snapshots().map(docsSnapshot),
  };
}

function docsSnapshot(snapshot: Snapshot): DocsSnapshot {
  const added = count(snapshot.summary['added-records']);
  const deleted = count(snapshot.summary['deleted-records']);
  const total = count(snapshot.summary['total-records']);
  const runId = snapshot.summary['ldp.run-id'];
  return {
    snapshotId: snapshot['snapshot-id'].toString(),
    committedAt: new Date(snapshot['timestamp-ms']).toISOString(),
    operation: snapshot.summary.operation,
    ...(added === undefined ? {} : { addedRecords: added }),
    ...(deleted === undefined ? {} : { deletedRecords: deleted }),
    ...(total === undefined ? {} : { totalRecords: total }),
    ...(runId === undefined ? {} : { runId }),
  };
}

const TEST_STATUSES: readonly string[] = ['pass', 'warn', 'fail', 'error'] satisfies TestStatus[];

/** The latest run in which the test actually ran (a skipped test has no result). */
export function lastTestResult(catalog: SqliteCatalog, uniqueId: string): DocsTestResult | undefined {
  const entry = catalog.runHistory(uniqueId, 20).find((e) => TEST_STATUSES.includes(e.status));
  if (!entry) return undefined;
  return {
    status: entry.status as TestStatus,
    ...(entry.failures === undefined ? {} : { failures: entry.failures }),
    executedAt: entry.startedAt ?? entry.runStartedAt,
    ...(entry.durationMs === undefined ? {} : { durationMs: entry.durationMs }),
    ...(entry.message === undefined ? {} : { message: entry.message }),
  };
}

/** A summary count (Iceberg stores them as text); undefined when absent or not a number. */
function count(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
