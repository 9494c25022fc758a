import type { DocsSnapshot, DocsTable } from './docs-input.js';
import type { SiteSnapshot, SiteTable } from './site-data.js';

/** The catalog facts of a table, with its snapshot history newest first. */
export function siteTable(table: DocsTable): SiteTable {
  const snapshots = [...(table.snapshots ?? [])].sort(newestFirst).map(siteSnapshot);
  return {
    namespace: table.namespace,
    name: table.tableName,
    ...(table.rowCount !== undefined ? { rowCount: table.rowCount } : {}),
    ...(table.sizeBytes !== undefined ? { sizeBytes: table.sizeBytes } : {}),
    snapshots,
  };
}

function siteSnapshot(snapshot: DocsSnapshot): SiteSnapshot {
  return {
    id: snapshot.snapshotId,
    committedAt: snapshot.committedAt,
    operation: snapshot.operation,
    ...(snapshot.addedRecords !== undefined ? { addedRecords: snapshot.addedRecords } : {}),
    ...(snapshot.deletedRecords !== undefined ? { deletedRecords: snapshot.deletedRecords } : {}),
    ...(snapshot.totalRecords !== undefined ? { totalRecords: snapshot.totalRecords } : {}),
    ...(snapshot.runId !== undefined ? { runId: snapshot.runId } : {}),
  };
}

/** By commit time, then by id (as integers: ids are strings that may exceed 2^53). */
function newestFirst(a: DocsSnapshot, b: DocsSnapshot): number {
  const byTime = Date.parse(b.committedAt) - Date.parse(a.committedAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  const [x, y] = [integerOrNull(a.snapshotId), integerOrNull(b.snapshotId)];
  if (x !== null && y !== null) return x === y ? 0 : y > x ? 1 : -1;
  return b.snapshotId < a.snapshotId ? -1 : b.snapshotId > a.snapshotId ? 1 : 0;
}

function integerOrNull(text: string): bigint | null {
  return /^-?\d+$/.test(text) ? BigInt(text) : null;
}
