import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../model/iceberg-catalog-port.js';
import { commitWithRetry, type LoadedMetadata, loadMetadata, writeMetadataFile } from './commit.js';
import { newSnapshotId } from './ids.js';
import { type LiveFile, liveFiles } from './live-files.js';
import { type ExpireOptions, expireSnapshots, removeOrphanFiles } from './maintenance.js';
import { readManifestList } from './manifest-io.js';
import { transformSql } from './partition-transforms.js';
import { toUri } from './paths.js';
import { chooseSnapshot, planScan, type ScanOptions, type ScanPlan } from './scan.js';
import { type EvolutionMode, evolveSchema } from './schema-evolution.js';
import { duckTypeOf, literal, quote as quoteName, schemaFromDuckDb } from './schema-mapping.js';
import { currentSchema, defaultSpec, type SnapshotChanges, writeSnapshotFiles } from './snapshot-writer.js';
import type {
  DataFile,
  PartitionField,
  PartitionSpec,
  Schema,
  Snapshot,
  TableMetadata,
  Transform,
} from './types.js';
import { writeDataFiles } from './write-data.js';

/** Files younger than this may belong to a write in progress; orphan removal leaves them alone. */
export const ORPHAN_SAFETY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

export interface CreateTableOptions {
  readonly conn: DuckDBConnection;
  /** The table's columns are those of this query (it is only described, not run). */
  readonly sql: string;
  readonly partitionBy?: readonly { readonly column: string; readonly transform: Transform }[];
  readonly properties?: Readonly<Record<string, string>>;
  readonly now?: () => number;
}

export interface WriteOptions {
  /** Extra snapshot summary entries, e.g. `ldp.run-id`, `ldp.sql-fingerprint`. */
  readonly summary?: Readonly<Record<string, string>>;
  /** How the table schema follows the query's columns (default: sync for overwrite, add-only otherwise). */
  readonly schemaMode?: EvolutionMode;
}

export interface WriteResult {
  readonly snapshotId: bigint;
  readonly addedRecords: number;
  readonly deletedRecords: number;
  readonly addedFiles: number;
  readonly addedBytes: number;
}

/**
 * An Iceberg v2 table in a catalog. Every write streams its rows through DuckDB into new data
 * files, then commits new metadata with compare-and-swap; a failure before the swap leaves the
 * table at its previous snapshot (stray files are orphans, never data).
 */
export class IcebergTable {
  private constructor(
    readonly catalog: IcebergCatalogPort,
    readonly id: TableIdentifier,
    private loaded: LoadedMetadata,
    private readonly now: () => number,
  ) {}

  static load(
    catalog: IcebergCatalogPort,
    id: TableIdentifier,
    now: () => number = Date.now,
  ): IcebergTable | undefined {
    const loaded = loadMetadata(catalog, id);
    return loaded ? new IcebergTable(catalog, id, loaded, now) : undefined;
  }

  static async create(
    catalog: IcebergCatalogPort,
    id: TableIdentifier,
    options: CreateTableOptions,
  ): Promise<IcebergTable> {
    const now = options.now ?? Date.now;
    const columns = await describeQuery(options.conn, options.sql);
    const { schema, lastColumnId } = schemaFromDuckDb(columns, 0);
    const spec = partitionSpec(schema, options.partitionBy ?? []);
    const location = join(catalog.warehousePath, ...id.namespace, id.name);
    mkdirSync(join(location, 'metadata'), { recursive: true });
    const metadata: TableMetadata = {
      'format-version': 2,
      'table-uuid': randomUUID(),
      location: toUri(location),
      'last-sequence-number': 0,
      'last-updated-ms': now(),
      'last-column-id': lastColumnId,
      schemas: [schema],
      'current-schema-id': 0,
      'partition-specs': [spec],
      'default-spec-id': 0,
      'last-partition-id': spec.fields.length > 0 ? Math.max(...spec.fields.map((f) => f['field-id'])) : 999,
      properties: { 'write.format.default': 'parquet', ...(options.properties ?? {}) },
      snapshots: [],
      'snapshot-log': [],
      'metadata-log': [],
      'sort-orders': [{ 'order-id': 0, fields: [] }],
      'default-sort-order-id': 0,
      refs: {},
    };
    const metadataLocation = writeMetadataFile(metadata);
    catalog.registerTable(id, metadataLocation);
    return new IcebergTable(catalog, id, { location: metadataLocation, metadata }, now);
  }

  get metadata(): TableMetadata {
    return this.loaded.metadata;
  }

  get metadataLocation(): string {
    return this.loaded.location;
  }

  get schema(): Schema {
    return currentSchema(this.metadata);
  }

  get currentSnapshot(): Snapshot | undefined {
    return chooseSnapshot(this.metadata, {});
  }

  /** Reloads the metadata the catalog points at now. */
  refresh(): this {
    const loaded = loadMetadata(this.catalog, this.id);
    if (loaded) this.loaded = loaded;
    return this;
  }

  snapshots(): readonly Snapshot[] {
    return this.metadata.snapshots;
  }

  scan(options: ScanOptions = {}): ScanPlan {
    return planScan(this.metadata, options);
  }

  /** Adds the rows of `sql`. Re-applied on top of a concurrent commit, since appends commute. */
  async append(conn: DuckDBConnection, sql: string, options: WriteOptions = {}): Promise<WriteResult> {
    const casts = await this.followSchema(conn, sql, options.schemaMode ?? 'add-only');
    return this.appendFiles(await writeDataFiles(this.writeRequest(conn, sql, casts)), options);
  }

  /** Commits data files that are already written (e.g. imported Parquet with matching field ids). */
  appendFiles(files: readonly DataFile[], options: WriteOptions = {}): WriteResult {
    return this.commitChanges(
      'append',
      (base) => appendChanges(base, files),
      () => undefined,
      options,
    );
  }

  /** Replaces every row with the rows of `sql`; the schema follows the query's columns. */
  async overwrite(conn: DuckDBConnection, sql: string, options: WriteOptions = {}): Promise<WriteResult> {
    const casts = await this.followSchema(conn, sql, options.schemaMode ?? 'sync');
    const added = await writeDataFiles(this.writeRequest(conn, sql, casts));
    const baseSnapshot = this.metadata['current-snapshot-id'];
    return this.commitChanges(
      'overwrite',
      (base) => ({ added, deleted: liveFiles(chooseSnapshot(base, {})), existing: [], keptManifests: [] }),
      (fresh) =>
        fresh['current-snapshot-id'] === baseSnapshot
          ? undefined
          : 'the table changed since this overwrite started',
      options,
    );
  }

  /**
   * Copy-on-write delete + insert: rows matching `predicate` (SQL over the table's columns) are
   * removed by rewriting only the files that hold such rows, then the rows of `sql` (if any)
   * are added, in one snapshot.
   */
  async replaceWhere(
    conn: DuckDBConnection,
    predicate: string,
    sql: string | undefined,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const casts =
      sql === undefined
        ? new Map<string, string>()
        : await this.followSchema(conn, sql, options.schemaMode ?? 'add-only');
    const base = this.metadata;
    const live = liveFiles(chooseSnapshot(base, {}));
    const affected = await filesMatching(conn, currentSchema(base), live, predicate);
    const affectedPaths = new Set(affected.map((f) => f.entry.dataFile.filePath));
    const kept = `SELECT * FROM (${this.relationOf(affectedPaths)}) WHERE NOT coalesce((${predicate}), false)`;
    const rewritten =
      affected.length === 0 ? [] : await writeDataFiles(this.writeRequest(conn, kept, new Map()));
    const inserted = sql === undefined ? [] : await writeDataFiles(this.writeRequest(conn, sql, casts));
    return this.commitChanges(
      affected.length === 0 ? 'append' : 'overwrite',
      (fresh) => splitManifests(fresh, affectedPaths, [...rewritten, ...inserted]),
      (fresh) => {
        const stillLive = new Set(liveFiles(chooseSnapshot(fresh, {})).map((f) => f.entry.dataFile.filePath));
        return [...affectedPaths].every((p) => stillLive.has(p))
          ? undefined
          : 'a concurrent commit changed the same files';
      },
      options,
    );
  }

  /** Rows of `sql` replace the rows with the same key (`delete+insert` and merge on a unique key). */
  async replaceByKeys(
    conn: DuckDBConnection,
    sql: string,
    keys: readonly string[],
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const staged = `__ldp_staged_${randomUUID().replace(/-/g, '')}`;
    await conn.run(`CREATE TEMP TABLE ${staged} AS ${sql}`);
    try {
      const tuple = keys.map((k) => `"${k.replace(/"/g, '""')}"`).join(', ');
      const predicate = `(${tuple}) IN (SELECT ${tuple} FROM ${staged})`;
      return await this.replaceWhere(conn, predicate, `SELECT * FROM ${staged}`, options);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${staged}`);
    }
  }

  /**
   * Replaces the partitions the rows of `sql` touch (`insert_overwrite`): every row of those
   * partitions is removed, the new rows added, in one snapshot. Unpartitioned: a full overwrite.
   */
  async replacePartitions(
    conn: DuckDBConnection,
    sql: string,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const spec = defaultSpec(this.metadata);
    if (spec.fields.length === 0)
      return this.overwrite(conn, sql, { ...options, schemaMode: options.schemaMode ?? 'add-only' });
    const staged = `__ldp_staged_${randomUUID().replace(/-/g, '')}`;
    await conn.run(`CREATE TEMP TABLE ${staged} AS ${sql}`);
    try {
      const keys = spec.fields.map((field) => {
        const source = this.schema.fields.find((f) => f.id === field['source-id'])!;
        return transformSql(field.transform, quoteName(source.name), source.type);
      });
      const tuple = `(${keys.join(', ')})`;
      const predicate = `${tuple} IN (SELECT DISTINCT ${keys.join(', ')} FROM ${staged})`;
      return await this.replaceWhere(conn, predicate, `SELECT * FROM ${staged}`, options);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${staged}`);
    }
  }

  /** Sets table properties (ldp's model metadata lives here) in a metadata-only commit. */
  setProperties(properties: Readonly<Record<string, string>>): void {
    this.commitMetadata((base) => ({ ...base, properties: { ...base.properties, ...properties } }));
  }

  /** Names a snapshot (a `tag` ref), for time travel by name. */
  tag(name: string, snapshotId: bigint): void {
    this.requireSnapshot(snapshotId);
    this.commitMetadata((base) => ({
      ...base,
      refs: { ...base.refs, [name]: { 'snapshot-id': snapshotId, type: 'tag' } },
    }));
  }

  /** Points `main` back at an earlier snapshot, as a new commit (history is kept). */
  rollbackTo(snapshotId: bigint): void {
    this.requireSnapshot(snapshotId);
    const timestamp = this.now();
    this.commitMetadata((base) => ({
      ...base,
      'current-snapshot-id': snapshotId,
      refs: { ...base.refs, main: { 'snapshot-id': snapshotId, type: 'branch' } },
      'snapshot-log': [...base['snapshot-log'], { 'snapshot-id': snapshotId, 'timestamp-ms': timestamp }],
    }));
  }

  /** Expires old snapshots (see `expireSnapshots`): commit first, then delete unreachable files. */
  expireSnapshots(options: ExpireOptions): { expiredSnapshots: number; deletedFiles: number } {
    const result = expireSnapshots(this.catalog, this.id, this.loaded, options, this.now);
    this.loaded = result.loaded;
    return { expiredSnapshots: result.expiredSnapshots, deletedFiles: result.deletedFiles };
  }

  /** Deletes unreferenced files older than `olderThanMs` (default: three days ago). */
  removeOrphanFiles(options: { olderThanMs?: number } = {}): string[] {
    const olderThanMs = options.olderThanMs ?? this.now() - ORPHAN_SAFETY_WINDOW_MS;
    return removeOrphanFiles(this.metadata, this.metadataLocation, { olderThanMs });
  }

  /** A metadata-only commit; `rebase` may refuse to re-apply it after a lost race. */
  private commitMetadata(
    build: (base: TableMetadata) => TableMetadata,
    rebase: (fresh: TableMetadata) => string | undefined = () => undefined,
  ): void {
    this.loaded = commitWithRetry(this.catalog, this.id, this.loaded, build, rebase, this.now);
  }

  private requireSnapshot(snapshotId: bigint): void {
    chooseSnapshot(this.metadata, { snapshotId });
  }

  private relationOf(paths: ReadonlySet<string>): string {
    return planScan(this.metadata, { prune: (f) => paths.has(f.entry.dataFile.filePath) }).sql;
  }

  private writeRequest(conn: DuckDBConnection, sql: string, casts: ReadonlyMap<string, string>) {
    return {
      conn,
      sql,
      schema: this.schema,
      spec: defaultSpec(this.metadata),
      tableLocation: this.metadata.location,
      casts,
    };
  }

  /**
   * Evolves the table schema to the query's columns before writing (a metadata-only commit) and
   * returns the casts the query's columns need (e.g. TINYINT → INTEGER).
   */
  private async followSchema(
    conn: DuckDBConnection,
    sql: string,
    mode: EvolutionMode,
  ): Promise<Map<string, string>> {
    const columns = await describeQuery(conn, sql);
    const evolved = evolveSchema(this.metadata, columns, mode);
    if (!evolved) return castsTo(this.schema, columns);
    this.commitMetadata(
      (base) => ({
        ...base,
        schemas: [...base.schemas, evolved.schema],
        'current-schema-id': evolved.schema['schema-id'],
        'last-column-id': Math.max(base['last-column-id'], evolved.lastColumnId),
      }),
      (fresh) =>
        fresh['current-schema-id'] === this.metadata['current-schema-id']
          ? undefined
          : 'the schema changed concurrently',
    );
    return castsTo(this.schema, columns);
  }

  private commitChanges(
    operation: 'append' | 'overwrite',
    changesFor: (base: TableMetadata) => SnapshotChanges,
    rebase: (fresh: TableMetadata) => string | undefined,
    options: WriteOptions,
  ): WriteResult {
    const snapshotId = newSnapshotId();
    let result: WriteResult | undefined;
    this.commitMetadata((base) => {
      const changes = changesFor(base);
      const built = buildSnapshot(base, snapshotId, operation, changes, options.summary ?? {}, this.now());
      result = built.result;
      return built.metadata;
    }, rebase);
    return result!;
  }
}

function buildSnapshot(
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
  const previousTotal = (key: string) => Number(parent?.summary[key] ?? 0);
  const summary = {
    operation,
    'added-data-files': String(changes.added.length),
    'added-records': String(sum(changes.added)),
    'added-files-size': String(bytes(changes.added)),
    'deleted-data-files': String(deleted.length),
    'deleted-records': String(sum(deleted)),
    'removed-files-size': String(bytes(deleted)),
    'total-records': String(previousTotal('total-records') + sum(changes.added) - sum(deleted)),
    'total-data-files': String(previousTotal('total-data-files') + changes.added.length - deleted.length),
    'total-files-size': String(previousTotal('total-files-size') + bytes(changes.added) - bytes(deleted)),
    'total-delete-files': '0',
    'total-position-deletes': '0',
    'total-equality-deletes': '0',
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

/** Past this many manifests, an append merges them into one (as Iceberg's Java writer does). */
export const MANIFEST_MERGE_MIN_COUNT = 100;

/**
 * An append keeps the current manifests that still hold live files as they are (read from the
 * manifest list alone); once there are many, it merges them into one manifest of EXISTING
 * entries, so planning a long history reads few files.
 */
function appendChanges(metadata: TableMetadata, added: readonly DataFile[]): SnapshotChanges {
  const snapshot = chooseSnapshot(metadata, {});
  if (!snapshot) return { added, deleted: [], existing: [], keptManifests: [] };
  const kept = readManifestList(snapshot['manifest-list']).filter(
    (m) => m.content === 0 && m.addedFilesCount + m.existingFilesCount > 0,
  );
  if (kept.length < MANIFEST_MERGE_MIN_COUNT)
    return { added, deleted: [], existing: [], keptManifests: kept };
  return { added, deleted: [], existing: liveFiles(snapshot), keptManifests: [] };
}

/** Keeps untouched manifests; rewrites the ones holding affected files (affected → DELETED). */
function splitManifests(
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

/** Files holding at least one row that matches `predicate`, found by DuckDB (one query over all files). */
async function filesMatching(
  conn: DuckDBConnection,
  schema: Schema,
  files: readonly LiveFile[],
  predicate: string,
): Promise<LiveFile[]> {
  if (files.length === 0) return [];
  const byPath = new Map(files.map((f) => [f.entry.dataFile.filePath.replace(/^file:\/\//, ''), f]));
  const mapping = schema.fields.map(
    (f) => `${f.id}: {name: ${literal(f.name)}, type: ${literal(duckTypeOf(f.type))}, default_value: NULL}`,
  );
  const list = [...byPath.keys()].map(literal).join(', ');
  const reader = await conn.runAndReadAll(
    `SELECT DISTINCT filename FROM read_parquet([${list}], schema = MAP {${mapping.join(', ')}}, filename = true) WHERE coalesce((${predicate}), false)`,
  );
  return reader
    .getRowObjectsJson()
    .map((row) => byPath.get(String(row['filename']))!)
    .filter(Boolean);
}

function partitionSpec(
  schema: Schema,
  partitionBy: readonly { column: string; transform: Transform }[],
): PartitionSpec {
  const fields: PartitionField[] = partitionBy.map((p, i) => {
    const source = schema.fields.find((f) => f.name.toLowerCase() === p.column.toLowerCase());
    if (!source) {
      throw new LdpError({
        code: 'LDP513',
        message: `partition column '${p.column}' is not a column of the table`,
        hint: `Columns: ${schema.fields.map((f) => f.name).join(', ')}.`,
      });
    }
    const name =
      p.transform === 'identity' ? source.name : `${source.name}_${p.transform.replace(/\[(\d+)\]/, '_$1')}`;
    return { 'source-id': source.id, 'field-id': 1000 + i, name, transform: p.transform };
  });
  return { 'spec-id': 0, fields };
}

/** Casts that turn the query's columns into the table's column types (TINYINT → INTEGER, INTEGER → BIGINT…). */
function castsTo(schema: Schema, columns: readonly { name: string; type: string }[]): Map<string, string> {
  const casts = new Map<string, string>();
  for (const column of columns) {
    const field = schema.fields.find((f) => f.name.toLowerCase() === column.name.toLowerCase());
    if (!field) continue;
    const wanted = duckTypeOf(field.type);
    if (wanted.replace(/\s/g, '') !== column.type.replace(/\s/g, '')) casts.set(field.name, wanted);
  }
  return casts;
}

export async function describeQuery(
  conn: DuckDBConnection,
  sql: string,
): Promise<{ name: string; type: string }[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE ${sql}`);
  return reader
    .getRowObjectsJson()
    .map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}
