import { readManifestList } from './manifest-io.js';
import { type LiveFile, liveFiles } from './scan/live-files.js';
import { chooseSnapshot } from './scan/scan.js';
import { type SnapshotChanges, writeSnapshotFiles } from './snapshot-writer.js';
import type { DataFile, PartitionSpec, Snapshot, TableMetadata } from './types.js';

/** What a write commits: the new snapshot and the rows and files it added and removed. */
export interface WriteResult {
  readonly snapshotId: bigint;
  readonly addedRecords: number;
  readonly deletedRecords: number;
  readonly addedFiles: number;
  readonly addedBytes: number;
}

/**
 * The metadata with a new snapshot (manifests and manifest list written) on top of `base`,
 * with the summary counters Iceberg readers expect plus the caller's `extra` entries.
 */
export function buildSnapshot(
  base: TableMetadata,
  snapshotId: bigint,
  operation: string,
  changes: SnapshotChanges,
  extra: Readonly<Record<string, string>>,
  timestamp: number,
): { metadata: TableMetadata; result: WriteResult } {
  const parent = chooseSnapshot(base, {});
  const sequenceNumber = base['last-sequence-number'] + 1;
  const { manifestList } = writeSnapshotFiles(
    base,
    snapshotId,
    sequenceNumber,
    parent?.['snapshot-id'],
    changes,
  );
  const sum = (files: readonly { recordCount: number }[]) => files.reduce((t, f) => t + f.recordCount, 0);
  const bytes = (files: readonly { fileSizeInBytes: number }[]) =>
    files.reduce((t, f) => t + f.fileSizeInBytes, 0);
  const deleted = changes.deleted.map((f) => f.entry.dataFile);
  const summary = {
    operation,
    'added-data-files': String(changes.added.length),
    'added-records': String(sum(changes.added)),
    'added-files-size': String(bytes(changes.added)),
    'deleted-data-files': String(deleted.length),
    'deleted-records': String(sum(deleted)),
    'removed-files-size': String(bytes(deleted)),
    ...totals(parent, {
      'total-records': sum(changes.added) - sum(deleted),
      'total-data-files': changes.added.length - deleted.length,
      'total-files-size': bytes(changes.added) - bytes(deleted),
      // ldp never adds or removes delete files; a foreign table's stay as they are.
      'total-delete-files': 0,
      'total-position-deletes': 0,
      'total-equality-deletes': 0,
    }),
    ...extra,
  };
  const snapshot: Snapshot = {
    'snapshot-id': snapshotId,
    ...(parent ? { 'parent-snapshot-id': parent['snapshot-id'] } : {}),
    'sequence-number': sequenceNumber,
    'timestamp-ms': timestamp,
    'manifest-list': manifestList,
    summary,
    'schema-id': base['current-schema-id'],
  };
  return {
    metadata: {
      ...base,
      'last-sequence-number': sequenceNumber,
      'current-snapshot-id': snapshotId,
      snapshots: [...base.snapshots, snapshot],
      'snapshot-log': [...base['snapshot-log'], { 'snapshot-id': snapshotId, 'timestamp-ms': timestamp }],
      refs: { ...base.refs, main: { 'snapshot-id': snapshotId, type: 'branch' } },
    },
    result: {
      snapshotId,
      addedRecords: sum(changes.added),
      deletedRecords: sum(deleted),
      addedFiles: changes.added.length,
      addedBytes: bytes(changes.added),
    },
  };
}

/**
 * The summary's running totals: the parent's plus this snapshot's change. A total the parent
 * does not state (a foreign engine that omits it) stays unstated, as Java's writer does, rather
 * than restart from zero.
 */
function totals(
  parent: Snapshot | undefined,
  changes: Readonly<Record<string, number>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, change] of Object.entries(changes)) {
    const previous = parent ? parent.summary[key] : '0';
    if (previous !== undefined && /^\d+$/.test(previous)) out[key] = String(Number(previous) + change);
  }
  return out;
}

/** Past this many manifests, an append merges them into one (as Iceberg's Java writer does). */
export const MANIFEST_MERGE_MIN_COUNT = 100;

/**
 * An append keeps the current manifests that still hold live files as they are (read from the
 * manifest list alone); once there are many, it merges them into one manifest of EXISTING
 * entries, so planning a long history reads few files.
 */
export function appendChanges(metadata: TableMetadata, added: readonly DataFile[]): SnapshotChanges {
  const snapshot = chooseSnapshot(metadata, {});
  if (!snapshot) return { added, deleted: [], existing: [], keptManifests: [] };
  // Delete manifests of a foreign table are kept too: dropping them would bring deleted rows back.
  const kept = readManifestList(snapshot['manifest-list']).filter(
    (m) => m.addedFilesCount + m.existingFilesCount > 0,
  );
  if (kept.length < MANIFEST_MERGE_MIN_COUNT)
    return { added, deleted: [], existing: [], keptManifests: kept };
  return { added, deleted: [], existing: liveFiles(snapshot), keptManifests: [] };
}

/** Keeps untouched manifests; rewrites the ones holding affected files (affected → DELETED). */
export function splitManifests(
  metadata: TableMetadata,
  affected: ReadonlySet<string>,
  added: SnapshotChanges['added'],
): SnapshotChanges {
  const live = liveFiles(chooseSnapshot(metadata, {}));
  const touched = new Set(
    live.filter((f) => affected.has(f.entry.dataFile.filePath)).map((f) => f.manifest.manifestPath),
  );
  const kept = new Map<string, LiveFile['manifest']>();
  const existing: LiveFile[] = [];
  const deleted: LiveFile[] = [];
  for (const file of live) {
    if (affected.has(file.entry.dataFile.filePath)) deleted.push(file);
    else if (touched.has(file.manifest.manifestPath)) existing.push(file);
    else kept.set(file.manifest.manifestPath, file.manifest);
  }
  return { added, deleted, existing, keptManifests: [...kept.values()] };
}
/**
 * A data file's partition tuple as a comparable string (same spec). A long is a bigint when
 * just written and a number when read back from a manifest, and bytes may be a Buffer or a
 * Uint8Array: each is spelled one way, so the same partition always gives the same key.
 */
export function partitionKey(spec: PartitionSpec, file: DataFile): string {
  return JSON.stringify(
    spec.fields.map((f) => {
      const value = file.partition[f['field-id']];
      if (typeof value === 'bigint' || typeof value === 'number') return `n:${value}`;
      if (value instanceof Uint8Array) return `b:${Buffer.from(value).toString('hex')}`;
      return value ?? null;
    }),
  );
}
