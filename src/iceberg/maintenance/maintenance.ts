import { statSync } from 'node:fs';
import type { IcebergCatalogPort, TableIdentifier } from '../../model/iceberg-catalog-port.js';
import { walkFiles } from '../../util/walk-files.js';
import { commitWithRetry, type LoadedMetadata } from '../commit.js';
import { readManifest, readManifestList } from '../manifest-io.js';
import { fromUri } from '../paths.js';
import type { Snapshot, TableMetadata } from '../types.js';
import { deleteTableFiles, isInsideFolder, tableFolder } from '../warehouse-bounds.js';

export interface ExpireOptions {
  /** Expire snapshots older than this time (ms since epoch)… */
  readonly olderThanMs?: number;
  /** …but always keep at least this many of the newest snapshots (default 1). */
  readonly retainLast?: number;
}

export interface ExpireResult {
  readonly expiredSnapshots: number;
  readonly deletedFiles: number;
  readonly loaded: LoadedMetadata;
}

/**
 * Expires old snapshots: first commits metadata without them, then deletes the files (data
 * files, manifests, manifest lists) that only expired snapshots reached. A file any kept
 * snapshot can reach is never deleted; the current and tagged snapshots are always kept.
 */
export function expireSnapshots(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  start: LoadedMetadata,
  options: ExpireOptions,
  now: () => number,
): ExpireResult {
  let expired: Snapshot[] = [];
  const loaded = commitWithRetry(
    catalog,
    id,
    start,
    (base) => {
      const keep = snapshotsToKeep(base, options);
      expired = base.snapshots.filter((s) => !keep.has(s['snapshot-id']));
      return {
        ...base,
        snapshots: base.snapshots.filter((s) => keep.has(s['snapshot-id'])),
        'snapshot-log': logAfterExpiry(base['snapshot-log'], keep),
      };
    },
    () => undefined,
    now,
  );
  if (expired.length === 0) return { expiredSnapshots: 0, deletedFiles: 0, loaded };
  const reachable = reachableFiles(loaded.metadata.snapshots);
  const unreachable = [...reachableFiles(expired)].filter((file) => !reachable.has(file));
  const deleted = ownFiles(loaded.metadata, unreachable);
  deleteTableFiles(catalog, id, loaded.metadata, deleted);
  return { expiredSnapshots: expired.length, deletedFiles: deleted.length, loaded };
}

/** What `expireSnapshots` would remove now, computed without changing anything (for dry runs). */
export interface ExpiryPlan {
  readonly expired: readonly Snapshot[];
  /** Manifest lists, manifests and data files only the expired snapshots reach. */
  readonly files: readonly string[];
}

/** The snapshots `expireSnapshots` would expire and the files it would then delete. */
export function planExpiry(metadata: TableMetadata, options: ExpireOptions): ExpiryPlan {
  const keep = snapshotsToKeep(metadata, options);
  const expired = metadata.snapshots.filter((s) => !keep.has(s['snapshot-id']));
  if (expired.length === 0) return { expired, files: [] };
  const reachable = reachableFiles(metadata.snapshots.filter((s) => keep.has(s['snapshot-id'])));
  const files = [...reachableFiles(expired)].filter((file) => !reachable.has(file));
  return { expired, files: ownFiles(metadata, files) };
}

/**
 * The files under the table's own folder. Files an expired snapshot names elsewhere (imported
 * Parquet, another warehouse's files) are not the table's to delete and stay where they are.
 */
function ownFiles(metadata: TableMetadata, files: readonly string[]): string[] {
  const folder = tableFolder(metadata);
  return files.filter((file) => isInsideFolder(folder, fromUri(file)));
}

function snapshotsToKeep(metadata: TableMetadata, options: ExpireOptions): Set<bigint> {
  const retainLast = Math.max(1, options.retainLast ?? 1);
  const newestFirst = [...metadata.snapshots].sort((a, b) => b['timestamp-ms'] - a['timestamp-ms']);
  const keep = new Set<bigint>();
  newestFirst.forEach((snapshot, index) => {
    const young = options.olderThanMs === undefined ? false : snapshot['timestamp-ms'] >= options.olderThanMs;
    if (index < retainLast || young) keep.add(snapshot['snapshot-id']);
  });
  if (metadata['current-snapshot-id'] !== undefined) keep.add(metadata['current-snapshot-id']);
  for (const ref of Object.values(metadata.refs)) keep.add(ref['snapshot-id']);
  return keep;
}

/** Every file the snapshots reach: manifest lists, manifests, and data files (live or not). */
export function reachableFiles(snapshots: readonly Snapshot[]): Set<string> {
  const files = new Set<string>();
  for (const snapshot of snapshots) {
    files.add(snapshot['manifest-list']);
    for (const manifest of readManifestList(snapshot['manifest-list'])) {
      files.add(manifest.manifestPath);
      for (const entry of readManifest(manifest.manifestPath)) files.add(entry.dataFile.filePath);
    }
  }
  return files;
}

/**
 * Deletes files under the table location that no metadata references (left by failed or
 * killed writes), if older than the safety window, so a write in progress is never touched.
 */
export function removeOrphanFiles(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  metadata: TableMetadata,
  currentLocation: string,
  options: { olderThanMs: number },
): string[] {
  const removed = findOrphanFiles(metadata, currentLocation, options);
  deleteTableFiles(catalog, id, metadata, removed);
  return removed;
}

/** The files `removeOrphanFiles` would delete (absolute paths), without deleting them. */
export function findOrphanFiles(
  metadata: TableMetadata,
  currentLocation: string,
  options: { olderThanMs: number },
): string[] {
  const referenced = reachableFiles(metadata.snapshots);
  referenced.add(currentLocation);
  for (const entry of metadata['metadata-log']) referenced.add(entry['metadata-file']);
  const known = new Set([...referenced].map(fromUri));
  const orphans: string[] = [];
  for (const path of walkFiles(fromUri(metadata.location))) {
    if (known.has(path) || statSync(path).mtimeMs >= options.olderThanMs) continue;
    orphans.push(path);
  }
  return orphans;
}

/**
 * The snapshot log without every entry up to the last one of an expired snapshot, as the spec
 * asks: a kept snapshot's older entry would otherwise answer time travel to a moment when an
 * expired snapshot was current, with rows the table did not hold then.
 */
function logAfterExpiry<T extends { readonly 'snapshot-id': bigint }>(
  log: readonly T[],
  keep: ReadonlySet<bigint>,
): T[] {
  const lastExpired = log.findLastIndex((e) => !keep.has(e['snapshot-id']));
  return log.slice(lastExpired + 1);
}
