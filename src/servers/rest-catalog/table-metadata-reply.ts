import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fromUri, parseMetadata, stringifyMetadata, type TableMetadata } from '../../iceberg/index.js';
import type { ResponseCache } from './response-cache.js';
import { RestError, RestErrors } from './rest-errors.js';
import type { Reply } from './route.js';

export type SnapshotsMode = 'all' | 'refs';

/**
 * A `LoadTableResult` (also the body of create, register and commit) for the metadata file at
 * `location`. The file is sent as it is: it is the table's metadata JSON, so snapshot ids of any
 * size stay exact and nothing is parsed on the common path. `refs` keeps only the snapshots
 * that a branch or tag points at. The ETag names the file and the mode.
 */
export function metadataFileReply(
  cache: ResponseCache,
  location: string,
  mode: SnapshotsMode = 'all',
  ifNoneMatch?: string,
  acceptsGzip = false,
): Reply {
  const key = `${mode}\n${location}`;
  let cached = cache.get(key);
  if (!cached) {
    const text = readMetadataText(location);
    const metadata = mode === 'all' ? text : stringifyMetadata(referencedOnly(parseMetadata(text)));
    const etag = `"${createHash('sha1').update(key).digest('hex')}"`;
    cached = { body: Buffer.from(loadTableResult(location, metadata)), etag };
    cache.set(key, cached);
  }
  if (ifNoneMatch !== undefined && ifNoneMatch === cached.etag)
    return { status: 304, headers: { etag: cached.etag } };
  // Metadata JSON is repetitive (a 1 MiB history gzips to a tenth): worth it for remote engines.
  if (acceptsGzip) {
    if (!cached.gzipped) {
      cached.gzipped = gzipSync(cached.body, { level: 1 });
      cache.set(key, cached);
    }
    return { status: 200, json: cached.gzipped, headers: { etag: cached.etag, 'content-encoding': 'gzip' } };
  }
  return { status: 200, json: cached.body, headers: { etag: cached.etag } };
}

/** A `LoadTableResult` for metadata that is not written yet (a staged create). */
export function stagedMetadataReply(metadata: TableMetadata): Reply {
  return { status: 200, json: loadTableResult(null, stringifyMetadata(metadata)) };
}

export function snapshotsMode(value: string | null): SnapshotsMode {
  if (value === null || value === 'all') return 'all';
  if (value === 'refs') return 'refs';
  throw RestErrors.badRequest(`snapshots must be 'all' or 'refs', got '${value}'`);
}

function loadTableResult(location: string | null, metadataJson: string): string {
  return `{"metadata-location":${JSON.stringify(location)},"metadata":${metadataJson},"config":{}}`;
}

function readMetadataText(location: string): string {
  try {
    return readFileSync(fromUri(location), 'utf8');
  } catch (error) {
    throw new RestError(
      500,
      'ServiceFailureException',
      `cannot read the table's metadata file ${location}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

function referencedOnly(metadata: TableMetadata): TableMetadata {
  const referenced = new Set(Object.values(metadata.refs).map((ref) => ref['snapshot-id']));
  return { ...metadata, snapshots: metadata.snapshots.filter((s) => referenced.has(s['snapshot-id'])) };
}
