import { BoundedCache, type CacheBounds } from '../util/bounded-cache.js';
import { type AvroFile, type Projection, readAvroFile, writeAvroFile } from './avro/container.js';
import { MANIFEST_FILE_SCHEMA, manifestEntrySchema } from './avro/schemas.js';
import { partitionResultType } from './partition/partition-transforms.js';
import { fromUri } from './paths.js';
import { decodeTableFile, readTableFile } from './table-files.js';
import type { DataFile, ManifestEntry, ManifestFile, PartitionSpec, Schema } from './types.js';

type Row = Record<string, unknown>;

/** Encodes a manifest list (one record per manifest) with the snapshot's header metadata. */
export function encodeManifestList(
  manifests: readonly ManifestFile[],
  meta: { snapshotId: bigint; parentId?: bigint; sequenceNumber: number },
): Buffer {
  return writeAvroFile(MANIFEST_FILE_SCHEMA, manifests.map(manifestFileRecord), {
    'snapshot-id': meta.snapshotId.toString(),
    ...(meta.parentId !== undefined ? { 'parent-snapshot-id': meta.parentId.toString() } : {}),
    'sequence-number': String(meta.sequenceNumber),
    'format-version': '2',
  });
}

/** The Avro record of a manifest-list entry. */
function manifestFileRecord(m: ManifestFile): Row {
  return {
    manifest_path: m.manifestPath,
    manifest_length: BigInt(m.manifestLength),
    partition_spec_id: m.partitionSpecId,
    content: m.content,
    sequence_number: BigInt(m.sequenceNumber),
    min_sequence_number: BigInt(m.minSequenceNumber),
    added_snapshot_id: m.addedSnapshotId,
    added_files_count: m.addedFilesCount,
    existing_files_count: m.existingFilesCount,
    deleted_files_count: m.deletedFilesCount,
    added_rows_count: BigInt(m.addedRowsCount),
    existing_rows_count: BigInt(m.existingRowsCount),
    deleted_rows_count: BigInt(m.deletedRowsCount),
    partitions: m.partitions
      ? m.partitions.map((p) => ({
          contains_null: p.containsNull,
          contains_nan: p.containsNan ?? null,
          lower_bound: p.lowerBound ? Buffer.from(p.lowerBound) : null,
          upper_bound: p.upperBound ? Buffer.from(p.upperBound) : null,
        }))
      : null,
    key_metadata: null,
  };
}

export function decodeManifestList(buffer: Buffer): ManifestFile[] {
  return readAvroFile(buffer).records.map(manifestFileOf);
}

/** A manifest-list entry as read from its Avro record (field names of older writers too). */
function manifestFileOf(r: Row): ManifestFile {
  return {
    manifestPath: String(r['manifest_path']),
    manifestLength: Number(r['manifest_length']),
    partitionSpecId: Number(r['partition_spec_id']),
    content: Number(r['content'] ?? 0) as 0 | 1,
    sequenceNumber: Number(r['sequence_number'] ?? 0),
    minSequenceNumber: Number(r['min_sequence_number'] ?? 0),
    addedSnapshotId: BigInt(r['added_snapshot_id'] as bigint),
    addedFilesCount: Number(r['added_files_count'] ?? r['added_data_files_count'] ?? 0),
    existingFilesCount: Number(r['existing_files_count'] ?? r['existing_data_files_count'] ?? 0),
    deletedFilesCount: Number(r['deleted_files_count'] ?? r['deleted_data_files_count'] ?? 0),
    addedRowsCount: Number(r['added_rows_count'] ?? 0),
    existingRowsCount: Number(r['existing_rows_count'] ?? 0),
    deletedRowsCount: Number(r['deleted_rows_count'] ?? 0),
    ...(Array.isArray(r['partitions'])
      ? {
          partitions: (r['partitions'] as Row[]).map((p) => ({
            containsNull: Boolean(p['contains_null']),
            ...(p['contains_nan'] !== null && p['contains_nan'] !== undefined
              ? { containsNan: Boolean(p['contains_nan']) }
              : {}),
            ...(p['lower_bound'] ? { lowerBound: new Uint8Array(p['lower_bound'] as Buffer) } : {}),
            ...(p['upper_bound'] ? { upperBound: new Uint8Array(p['upper_bound'] as Buffer) } : {}),
          })),
        }
      : {}),
  };
}

/** Encodes a manifest: the entries of one partition spec, with the schema in the header. */
export function encodeManifest(
  entries: readonly ManifestEntry[],
  spec: PartitionSpec,
  schema: Schema,
): Buffer {
  return writeAvroFile(
    manifestEntrySchema(spec, schema),
    entries.map((e) => manifestEntryRecord(e, spec)),
    {
      schema: JSON.stringify({ type: 'struct', 'schema-id': schema['schema-id'], fields: schema.fields }),
      'schema-id': String(schema['schema-id']),
      'partition-spec': JSON.stringify(spec.fields),
      'partition-spec-id': String(spec['spec-id']),
      'format-version': '2',
      content: 'data',
    },
  );
}

/** The Avro record of a manifest entry. */
function manifestEntryRecord(e: ManifestEntry, spec: PartitionSpec): Row {
  const mapOf = (map: ReadonlyMap<number, number>) =>
    [...map].map(([key, value]) => ({ key, value: BigInt(value) }));
  const bytesOf = (map: ReadonlyMap<number, Uint8Array>) =>
    [...map].map(([key, value]) => ({ key, value: Buffer.from(value) }));
  return {
    status: e.status,
    snapshot_id: e.snapshotId === undefined ? null : unionLong(e.snapshotId),
    sequence_number: e.sequenceNumber ?? null,
    file_sequence_number: e.fileSequenceNumber ?? null,
    data_file: {
      content: e.dataFile.content,
      file_path: e.dataFile.filePath,
      file_format: e.dataFile.fileFormat,
      partition: Object.fromEntries(
        spec.fields.map((f) => [f.name, partitionAvroValue(e.dataFile.partition[f['field-id']])]),
      ),
      record_count: BigInt(e.dataFile.recordCount),
      file_size_in_bytes: BigInt(e.dataFile.fileSizeInBytes),
      column_sizes: mapOf(e.dataFile.columnSizes),
      value_counts: mapOf(e.dataFile.valueCounts),
      null_value_counts: mapOf(e.dataFile.nullValueCounts),
      nan_value_counts: mapOf(e.dataFile.nanValueCounts),
      lower_bounds: bytesOf(e.dataFile.lowerBounds),
      upper_bounds: bytesOf(e.dataFile.upperBounds),
      key_metadata: null,
      split_offsets: null,
      equality_ids: null,
      sort_order_id: null,
    },
  };
}

/** Partition values are optional (`["null", T]`) fields: longs among them go in as numbers. */
function partitionAvroValue(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === 'bigint' ? unionLong(value) : value;
}

/**
 * avsc picks the branch of an optional field by the JS type of the value, and knows no bigint
 * branch, so longs in optional fields are written as numbers. ids ldp generates are below 2^53.
 */
function unionLong(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * Parsed manifests by location, with all metrics and without (planning reads). Manifests never
 * change once written (each write has a unique name), so entries never go stale. Every commit
 * writes new manifests, so for long-running processes each cache is bounded: 4,096 manifests and
 * about 64 MiB of Avro file bytes (parsed entries take a small multiple of that). A forgotten
 * manifest is only read again.
 */
export const MANIFEST_CACHE_BOUNDS: CacheBounds = { maxEntries: 4096, maxBytes: 64 * 1024 * 1024 };
const manifestCache = new BoundedCache<string, readonly ManifestEntry[]>(MANIFEST_CACHE_BOUNDS);
const plannedCache = new BoundedCache<string, readonly ManifestEntry[]>(MANIFEST_CACHE_BOUNDS);

/** Column metrics a planning read does not need; skipping them makes decoding wide tables cheap. */
const METRIC_FIELDS = new Set([
  'column_sizes',
  'value_counts',
  'null_value_counts',
  'nan_value_counts',
  'lower_bounds',
  'upper_bounds',
  'split_offsets',
  'equality_ids',
  'key_metadata',
]);

const WITHOUT_METRICS: Projection = {
  key: 'without-metrics',
  project: (schema) => {
    const fields = (schema['fields'] as Row[]).map((field) => {
      if (field['name'] !== 'data_file') return field;
      const dataFile = field['type'] as Row;
      return {
        ...field,
        type: {
          ...dataFile,
          fields: (dataFile['fields'] as Row[]).filter((f) => !METRIC_FIELDS.has(String(f['name']))),
        },
      };
    });
    return { ...schema, fields };
  },
};

/** Forgets parsed manifests and manifest lists (benchmarks measure cold planning with it). */
export function clearManifestCaches(): void {
  manifestCache.clear();
  plannedCache.clear();
  listCache.clear();
}

/**
 * Reads a manifest. Manifests are immutable once written, so parsed entries are cached by path:
 * planning a scan of a long history re-reads nothing.
 */
export function readManifest(
  location: string,
  options: { metrics?: boolean } = {},
): readonly ManifestEntry[] {
  const withMetrics = options.metrics ?? true;
  const cache = withMetrics ? manifestCache : plannedCache;
  const cached = cache.get(location) ?? manifestCache.get(location);
  if (cached) return cached;
  const path = fromUri(location);
  const bytes = readTableFile(path, 'the manifest');
  const entries = decodeTableFile(path, 'the manifest', bytes, (b) =>
    decodeManifest(readAvroFile(b, withMetrics ? undefined : WITHOUT_METRICS)),
  );
  cache.set(location, entries, bytes.length);
  return entries;
}

function decodeManifest(file: AvroFile): ManifestEntry[] {
  const partitionIds = partitionIdsFor(file.schema);
  return file.records.map((r) => manifestEntryOf(r, partitionIds));
}

/** A manifest entry as read from its Avro record; partition values are keyed by field id. */
function manifestEntryOf(r: Row, partitionIds: ReadonlyMap<string, number>): ManifestEntry {
  const d = r['data_file'] as Row;
  const partition: Record<number, unknown> = {};
  for (const [name, value] of Object.entries((d['partition'] as Row | null) ?? {})) {
    const id = partitionIds.get(name);
    if (id !== undefined) partition[id] = value;
  }
  return {
    status: Number(r['status']),
    ...(r['snapshot_id'] !== null && r['snapshot_id'] !== undefined
      ? { snapshotId: BigInt(r['snapshot_id'] as bigint) }
      : {}),
    ...(r['sequence_number'] !== null && r['sequence_number'] !== undefined
      ? { sequenceNumber: Number(r['sequence_number']) }
      : {}),
    ...(r['file_sequence_number'] !== null && r['file_sequence_number'] !== undefined
      ? { fileSequenceNumber: Number(r['file_sequence_number']) }
      : {}),
    dataFile: {
      content: Number(d['content'] ?? 0) as 0 | 1 | 2,
      filePath: String(d['file_path']),
      fileFormat: 'PARQUET',
      partition,
      recordCount: Number(d['record_count']),
      fileSizeInBytes: Number(d['file_size_in_bytes']),
      columnSizes: numberMap(d['column_sizes']),
      valueCounts: numberMap(d['value_counts']),
      nullValueCounts: numberMap(d['null_value_counts']),
      nanValueCounts: numberMap(d['nan_value_counts']),
      lowerBounds: bytesMap(d['lower_bounds']),
      upperBounds: bytesMap(d['upper_bounds']),
    },
  };
}

/**
 * Keeps a manifest and a manifest list this process has just written, as `readManifest` and
 * `readManifestList` would return them once read back, so the reads after a commit (the table's
 * new view, a later commit of the same command) decode nothing. The entries take the same path
 * as a read (Avro record, then entry); the one change the binary encoding makes on the way, a
 * `float` partition value rounded to 32 bits, is made here too.
 */
export function rememberWrittenManifest(
  location: string,
  entries: readonly ManifestEntry[],
  spec: PartitionSpec,
  schema: Schema,
  bytes: number,
): void {
  const ids = new Map(spec.fields.map((f) => [f.name, f['field-id']]));
  const floats = spec.fields.filter((f) => {
    const source = schema.fields.find((c) => c.id === f['source-id']);
    return source !== undefined && partitionResultType(f.transform, source.type) === 'float';
  });
  const asRead = entries.map((e) => {
    const entry = manifestEntryOf(manifestEntryRecord(e, spec), ids);
    for (const field of floats) {
      const value = entry.dataFile.partition[field['field-id']];
      if (typeof value === 'number')
        (entry.dataFile.partition as Record<number, unknown>)[field['field-id']] = Math.fround(value);
    }
    return entry;
  });
  manifestCache.set(location, asRead, bytes);
}

/** See `rememberWrittenManifest`. */
export function rememberWrittenManifestList(
  location: string,
  manifests: readonly ManifestFile[],
  bytes: number,
): void {
  listCache.set(
    location,
    manifests.map((m) => manifestFileOf(manifestFileRecord(m))),
    bytes,
  );
}

/**
 * Parsed manifest lists by location: immutable like manifests, one per snapshot, so bounded the
 * same way (1,024 lists, about 16 MiB of Avro file bytes).
 */
export const MANIFEST_LIST_CACHE_BOUNDS: CacheBounds = { maxEntries: 1024, maxBytes: 16 * 1024 * 1024 };
const listCache = new BoundedCache<string, readonly ManifestFile[]>(MANIFEST_LIST_CACHE_BOUNDS);

export function readManifestList(location: string): readonly ManifestFile[] {
  const cached = listCache.get(location);
  if (cached) return cached;
  const path = fromUri(location);
  const bytes = readTableFile(path, 'the manifest list');
  const list = decodeTableFile(path, 'the manifest list', bytes, decodeManifestList);
  listCache.set(location, list, bytes.length);
  return list;
}

/**
 * Partition field ids per parsed Avro schema object. Weak: an entry lives only as long as the
 * Avro reader cache keeps its schema, so this is bounded by that cache.
 */
const partitionIdCache = new WeakMap<object, Map<string, number>>();

/** Parsed schemas are shared per schema text (see the Avro reader), so this is computed once per table schema. */
function partitionIdsFor(schema: Record<string, unknown>): Map<string, number> {
  let ids = partitionIdCache.get(schema);
  if (!ids) {
    ids = partitionFieldIds(schema);
    partitionIdCache.set(schema, ids);
  }
  return ids;
}

function partitionFieldIds(schema: Record<string, unknown>): Map<string, number> {
  const dataFile = (schema['fields'] as Row[]).find((f) => f['name'] === 'data_file')!['type'] as Row;
  const partition = (dataFile['fields'] as Row[]).find((f) => f['name'] === 'partition')!['type'] as Row;
  return new Map(
    ((partition['fields'] as Row[]) ?? []).map((f) => [String(f['name']), Number(f['field-id'])]),
  );
}

const NO_NUMBERS: ReadonlyMap<number, number> = new Map();
const NO_BYTES: ReadonlyMap<number, Uint8Array> = new Map();

function numberMap(value: unknown): ReadonlyMap<number, number> {
  if (value === undefined || value === null) return NO_NUMBERS;
  return new Map(
    ((value as { key: number; value: bigint }[] | null) ?? []).map((e) => [e.key, Number(e.value)]),
  );
}

function bytesMap(value: unknown): ReadonlyMap<number, Uint8Array> {
  if (value === undefined || value === null) return NO_BYTES;
  return new Map(
    ((value as { key: number; value: Buffer }[] | null) ?? []).map((e) => [e.key, new Uint8Array(e.value)]),
  );
}

export type { DataFile };
