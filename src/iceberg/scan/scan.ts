import { LdpError } from '../../errors/index.js';
import { quoteString as literal, quoteIdentifier as quote } from '../../sql/index.js';
import { fromUri } from '../paths.js';
import { duckTypeOf } from '../schema-mapping.js';
import type { Schema, Snapshot, TableMetadata } from '../types.js';
import { type LiveFile, liveFiles } from './live-files.js';
import { type Predicate, pruneFiles } from './pruning.js';

export interface ScanOptions {
  readonly snapshotId?: bigint;
  /** Time travel: the snapshot current at this time (ms since epoch). */
  readonly asOfMs?: number;
  readonly tag?: string;
  /** Predicates on columns: files whose partitions or column bounds cannot match are skipped. */
  readonly filter?: readonly Predicate[];
  /** A custom file filter (applied with `filter`). */
  readonly prune?: (file: LiveFile) => boolean;
}

export interface ScanPlan {
  readonly snapshot: Snapshot | undefined;
  readonly schema: Schema;
  readonly files: readonly LiveFile[];
  /** A DuckDB query over the files, reading columns by Parquet field id. */
  readonly sql: string;
}

/** Picks the snapshot to read: by id, by tag, as of a time, or the current one. */
export function chooseSnapshot(metadata: TableMetadata, options: ScanOptions): Snapshot | undefined {
  const byId = (id: bigint) => metadata.snapshots.find((s) => s['snapshot-id'] === id);
  if (options.snapshotId !== undefined) {
    const snapshot = byId(options.snapshotId);
    if (!snapshot) throw notFound(`snapshot ${options.snapshotId}`, metadata);
    return snapshot;
  }
  if (options.tag !== undefined) {
    const ref = metadata.refs[options.tag];
    if (!ref) throw notFound(`tag '${options.tag}'`, metadata);
    return byId(ref['snapshot-id']);
  }
  if (options.asOfMs !== undefined) {
    const log = metadata['snapshot-log'].filter((e) => e['timestamp-ms'] <= options.asOfMs!);
    const entry = log[log.length - 1];
    if (!entry) throw notFound(`a snapshot as of ${new Date(options.asOfMs).toISOString()}`, metadata);
    return byId(entry['snapshot-id']);
  }
  const current = metadata['current-snapshot-id'];
  return current === undefined ? undefined : byId(current);
}

/**
 * The live files of the chosen snapshot and a DuckDB relation reading them by field id, so
 * renamed, added and dropped columns read correctly; an empty table reads as a typed, empty
 * relation. Uses the schema current for that snapshot.
 */
export function planScan(metadata: TableMetadata, options: ScanOptions = {}): ScanPlan {
  const snapshot = chooseSnapshot(metadata, options);
  const schemaId =
    options.snapshotId !== undefined || options.asOfMs !== undefined || options.tag !== undefined
      ? (snapshot?.['schema-id'] ?? metadata['current-schema-id'])
      : metadata['current-schema-id'];
  const schema =
    metadata.schemas.find((s) => s['schema-id'] === schemaId) ??
    metadata.schemas[metadata.schemas.length - 1]!;
  const needsMetrics = (options.filter?.length ?? 0) > 0 || options.prune !== undefined;
  const all = liveFiles(snapshot, { metrics: needsMetrics });
  const byFilter =
    options.filter && options.filter.length > 0
      ? pruneFiles(schema, metadata['partition-specs'], options.filter)
      : undefined;
  const files = all.filter((file) => (options.prune?.(file) ?? true) && (byFilter?.(file) ?? true));
  return {
    snapshot,
    schema,
    files,
    sql: relationSql(
      schema,
      files.map((f) => fromUri(f.entry.dataFile.filePath)),
    ),
  };
}

export function relationSql(schema: Schema, paths: readonly string[]): string {
  if (paths.length === 0) {
    const columns = schema.fields.map((f) => `NULL::${duckTypeOf(f.type)} AS ${quote(f.name)}`);
    return `SELECT ${columns.join(', ') || '1 AS __ldp_empty'} WHERE false`;
  }
  const mapping = schema.fields.map(
    (f) => `${f.id}: {name: ${literal(f.name)}, type: ${literal(duckTypeOf(f.type))}, default_value: NULL}`,
  );
  const list = paths.map(literal).join(', ');
  return `SELECT ${schema.fields.map((f) => quote(f.name)).join(', ')} FROM read_parquet([${list}], schema = MAP {${mapping.join(', ')}})`;
}

function notFound(what: string, metadata: TableMetadata): LdpError {
  const ids = metadata.snapshots.map((s) => String(s['snapshot-id']));
  return new LdpError({
    code: 'LDP530',
    message: `${what} does not exist in table ${metadata.location}`,
    hint:
      ids.length > 0
        ? `Snapshots: ${ids.slice(-10).join(', ')}${ids.length > 10 ? ' …' : ''}.`
        : 'The table has no snapshots yet.',
  });
}
