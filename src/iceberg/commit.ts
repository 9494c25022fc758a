import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, fileSystemError, LdpError } from '../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../model/iceberg-catalog-port.js';
import { BoundedCache, type CacheBounds } from '../util/bounded-cache.js';
import { parseMetadata, stringifyMetadata } from './metadata-json.js';
import { fromUri, toUri } from './paths.js';
import { decodeTableFile, tableLabel, writeTableFile } from './table-files.js';
import type { TableMetadata } from './types.js';
import { assertTableInWarehouse } from './warehouse-bounds.js';

export const MAX_COMMIT_ATTEMPTS = 5;

/** The metadata currently registered for a table, with where it is. */
export interface LoadedMetadata {
  readonly location: string;
  readonly metadata: TableMetadata;
}

export function loadMetadata(catalog: IcebergCatalogPort, id: TableIdentifier): LoadedMetadata | undefined {
  const location = catalog.currentMetadataLocation(id);
  if (location === undefined) return undefined;
  const cached = metadataCache.get(location);
  if (cached) return { location, metadata: cached };
  const { metadata, bytes } = readMetadataFile(id, fromUri(location));
  metadataCache.set(location, metadata, bytes);
  return { location, metadata };
}

/** The table's current metadata file, parsed; a missing or cut file is a user error naming both. */
function readMetadataFile(id: TableIdentifier, path: string): { metadata: TableMetadata; bytes: number } {
  const what = `the current metadata file of table ${tableLabel(id)}`;
  return readMetadataAt(path, what, metadataHint(id), () => metadataMissing(id, path));
}

/**
 * A metadata file, parsed; `missing` is the error for a file that does not exist, `hint` the way
 * out of a file that cannot be read or decoded (`what` names the file in both).
 */
export function readMetadataAt(
  path: string,
  what: string,
  hint: string,
  missing: () => LdpError,
): { metadata: TableMetadata; bytes: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw missing();
    throw fileSystemError(error, path, 'read', what) ?? error;
  }
  const metadata = decodeTableFile(path, what, bytes, (b) => parseMetadata(b.toString('utf8')), hint);
  return { metadata, bytes: bytes.length };
}

function metadataMissing(id: TableIdentifier, path: string): LdpError {
  return new LdpError({
    code: 'LDP570',
    message: `table ${tableLabel(id)}: its current metadata file ${path} does not exist`,
    hint: metadataHint(id),
  });
}

/**
 * Without its current metadata file a table's last commit is lost, but the catalog row still names
 * the file of the commit before (previous_metadata_location), which a rollback can point back at.
 */
function metadataHint(id: TableIdentifier): string {
  return `Point the table back at the metadata file of the commit before with \`ldp rollback ${id.name} --to-previous-metadata\` (the last commit is lost), restore the file from a backup, or rebuild the table with \`ldp run --full-refresh -s ${id.name}\` (its history is lost). Commands that do not read this table are not affected.`;
}

/**
 * Metadata files are never changed once written (every commit writes a new uniquely named file),
 * so parsed metadata is kept by location and never goes stale: a command reads each table's
 * state, its views and its lineage from the same files. Each commit adds a location, so the cache
 * is bounded for long-running processes (`ldp catalog serve`, `ldp mcp`): 1,024 files and about
 * 64 MiB of metadata JSON (a table with a long snapshot history has a large file). A forgotten
 * entry is only read again.
 */
export const METADATA_CACHE_BOUNDS: CacheBounds = { maxEntries: 1024, maxBytes: 64 * 1024 * 1024 };
const metadataCache = new BoundedCache<string, TableMetadata>(METADATA_CACHE_BOUNDS);

/** How many parsed metadata files are kept, and their JSON size (bounded by `METADATA_CACHE_BOUNDS`). */
export function metadataCacheUsage(): { entries: number; bytes: number } {
  return { entries: metadataCache.size, bytes: metadataCache.bytes };
}

/** Forgets parsed metadata files (benchmarks measure cold reads with it). */
export function clearMetadataCache(): void {
  metadataCache.clear();
}

/** Writes `NNNNN-<uuid>.metadata.json`, numbered one past the file it replaces. */
export function writeMetadataFile(metadata: TableMetadata, previousLocation?: string): string {
  const previousVersion = previousLocation
    ? Number(/(\d+)-[^/]*\.metadata\.json$/.exec(previousLocation)?.[1] ?? -1)
    : -1;
  const name = `${String(previousVersion + 1).padStart(5, '0')}-${randomUUID()}.metadata.json`;
  const path = join(fromUri(metadata.location), 'metadata', name);
  const text = stringifyMetadata(metadata);
  writeTableFile(path, 'the metadata file', text);
  const location = toUri(path);
  metadataCache.set(location, metadata, Buffer.byteLength(text));
  return location;
}

/**
 * Commits new metadata with compare-and-swap on the catalog pointer. `build` derives the new
 * metadata from a base; when another writer won the race, `rebase` decides whether the change
 * can be re-applied on the fresh metadata (appends can) or must fail (returns a reason).
 */
export function commitWithRetry(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  start: LoadedMetadata,
  build: (base: TableMetadata) => TableMetadata,
  rebase: (fresh: TableMetadata) => string | undefined,
  now: () => number,
  maxAttempts = MAX_COMMIT_ATTEMPTS,
): LoadedMetadata {
  let base = start;
  const attempts = Math.max(1, maxAttempts);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const next = withLogs(build(base.metadata), base.location, now());
    // Every commit writes into the folder of the table it leaves behind (a `set-location` commit
    // moves it): never into another warehouse's.
    assertTableInWarehouse(catalog, id, next);
    const location = writeMetadataFile(next, base.location);
    if (catalog.swapMetadataLocation(id, base.location, location)) return { location, metadata: next };
    const fresh = loadMetadata(catalog, id);
    if (!fresh) throw conflict(id, 'the table was dropped by another writer');
    const reason = rebase(fresh.metadata);
    if (reason !== undefined) throw conflict(id, reason, fresh.metadata['current-snapshot-id']);
    base = fresh;
  }
  const reason = `other writers kept committing (gave up after ${attempts} commit attempts)`;
  throw conflict(id, reason, base.metadata['current-snapshot-id']);
}

function withLogs(metadata: TableMetadata, previousLocation: string, timestamp: number): TableMetadata {
  return {
    ...metadata,
    'last-updated-ms': timestamp,
    'metadata-log': [
      ...metadata['metadata-log'],
      { 'metadata-file': previousLocation, 'timestamp-ms': timestamp },
    ],
  };
}

function conflict(id: TableIdentifier, reason: string, winner?: bigint): LdpError {
  return new LdpError({
    code: 'LDP520',
    message: `commit to ${id.namespace.join('.')}.${id.name} conflicts with a concurrent commit${winner !== undefined ? ` (snapshot ${winner} won)` : ''}: ${reason}`,
    hint: 'Nothing was changed by this write. Run it again; it will start from the new table state.',
  });
}
