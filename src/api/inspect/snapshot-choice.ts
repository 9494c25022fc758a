import type { IcebergTable, Snapshot } from '../../iceberg/index.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import { nodeLabel, type StoredNode } from '../session/resolve-node.js';

/** Which snapshot of a table to read: the current one, one by id, or the one current at a time. */
export type SnapshotChoice =
  | { readonly kind: 'current' }
  | { readonly kind: 'id'; readonly snapshotId: bigint }
  | { readonly kind: 'as-of'; readonly asOfMs: number; readonly text: string };

/** A snapshot id as users type it; ids exceed 2^53, so they are parsed as bigint. */
export function parseSnapshotId(text: string): bigint {
  if (!/^\s*\d+\s*$/.test(text)) throw InspectErrors.invalidSnapshotId(text);
  return BigInt(text.trim());
}

/** An ISO time (or anything `Date.parse` reads) → ms since epoch. */
export function parseTime(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw InspectErrors.invalidTime(text);
  return ms;
}

/** The table's snapshots, oldest first (commit time, then sequence number). */
export function snapshotsOldestFirst(table: IcebergTable): Snapshot[] {
  return [...table.snapshots()].sort(
    (a, b) => a['timestamp-ms'] - b['timestamp-ms'] || a['sequence-number'] - b['sequence-number'],
  );
}

/** The newest `count` snapshot ids, newest last, for hints. */
export function recentSnapshotIds(table: IcebergTable, count = 10): string[] {
  return snapshotsOldestFirst(table)
    .slice(-count)
    .map((s) => s['snapshot-id'].toString());
}

/**
 * The snapshot `choice` names, checked against the table's history with errors that name the
 * node; undefined for the current snapshot of a table that has none yet.
 */
export function chooseTableSnapshot(
  table: IcebergTable,
  choice: SnapshotChoice,
  node: StoredNode,
): Snapshot | undefined {
  switch (choice.kind) {
    case 'current':
      return table.currentSnapshot;
    case 'id':
      return requireSnapshot(table, choice.snapshotId, node);
    case 'as-of':
      return snapshotAsOf(table, choice, node);
  }
}

/** The snapshot with this id; LDP423 listing recent ids when the table never had it (or expired it). */
export function requireSnapshot(table: IcebergTable, snapshotId: bigint, node: StoredNode): Snapshot {
  const found = table.snapshots().find((s) => s['snapshot-id'] === snapshotId);
  if (found) return found;
  throw InspectErrors.unknownSnapshot(
    nodeLabel(node),
    node.name,
    snapshotId.toString(),
    recentSnapshotIds(table),
  );
}

/** The snapshot that was current at a time, by the table's snapshot log (rollbacks included). */
function snapshotAsOf(
  table: IcebergTable,
  choice: { readonly asOfMs: number; readonly text: string },
  node: StoredNode,
): Snapshot {
  const log = table.metadata['snapshot-log'];
  const entry = log.filter((e) => e['timestamp-ms'] <= choice.asOfMs).at(-1);
  const snapshot = entry && table.snapshots().find((s) => s['snapshot-id'] === entry['snapshot-id']);
  if (snapshot) return snapshot;
  const first = log[0]?.['timestamp-ms'];
  throw InspectErrors.noSnapshotAsOf(
    nodeLabel(node),
    choice.text,
    first === undefined ? undefined : new Date(first).toISOString(),
  );
}
