import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../model/iceberg-catalog-port.js';
import { quoteIdentifier as quote } from '../sql/index.js';
import { commitWithRetry, type LoadedMetadata, loadMetadata, writeMetadataFile } from './commit.js';
import { newSnapshotId } from './ids.js';
import { type ExpireOptions, expireSnapshots, removeOrphanFiles } from './maintenance/maintenance.js';
import { newTableMetadata, requireSql } from './new-table.js';
import { castsTo, describeQuery, filesMatching, keyRanges, stage } from './query-columns.js';
import { filesWithinKeyBounds } from './scan/key-bounds.js';
import { type LiveFile, liveFiles } from './scan/live-files.js';
import { pruneFiles } from './scan/pruning.js';
import { chooseSnapshot, planScan, type ScanOptions, type ScanPlan } from './scan/scan.js';
import {
  applySchemaChanges,
  type EvolutionMode,
  type EvolvedSchema,
  evolveSchema,
  type SchemaChange,
} from './schema-evolution.js';
import {
  appendChanges,
  buildSnapshot,
  partitionKey,
  splitManifests,
  type WriteResult,
} from './snapshot-changes.js';
import { currentSchema, defaultSpec, type SnapshotChanges } from './snapshot-writer.js';
import { inTable } from './table-files.js';
import {
  type CreateTableOptions,
  ORPHAN_SAFETY_WINDOW_MS,
  type QueryShape,
  type ReplaceOptions,
  type WriteOptions,
} from './table-options.js';
import type { DataFile, Schema, Snapshot, TableMetadata } from './types.js';
import { assertTableInWarehouse } from './warehouse-bounds.js';
import { type WriteRequest, writeDataFiles } from './write-data.js';

export type { WriteResult } from './snapshot-changes.js';
export {
  type CreateTableOptions,
  ORPHAN_SAFETY_WINDOW_MS,
  type ReplaceOptions,
  type WriteOptions,
} from './table-options.js';

/** Opens a table of the catalog, or undefined when the catalog has no table of that name. */
export function openTable(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  options: { now?: () => number } = {},
): IcebergTable | undefined {
  return IcebergTable.load(catalog, id, options.now);
}

/** Creates an empty table (no snapshot yet) with the columns of a query or a column list. */
export function createTable(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  options: CreateTableOptions,
): Promise<IcebergTable> {
  return IcebergTable.create(catalog, id, options);
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
    const columns = options.columns ?? (await describeQuery(options.conn, requireSql(options.sql)));
    const metadata = newTableMetadata(catalog.warehousePath, id, columns, options, now());
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
    return inTable(this.id, () => planScan(this.metadata, options));
  }

  /** Adds the rows of `sql`. Re-applied on top of a concurrent commit, since appends commute. */
  async append(conn: DuckDBConnection, sql: string, options: WriteOptions = {}): Promise<WriteResult> {
    const shape = await this.followSchema(conn, sql, options.schemaMode ?? 'add-only', options);
    return this.appendFiles(await writeDataFiles(this.writeRequest(conn, sql, shape)), options);
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

  /**
   * Writes the rows of `sql` as data files of this table without committing them (the schema
   * follows the query per `schemaMode`, default `add-only`). Several writes committed together
   * with `appendFiles` or `overwriteWithFiles` make one snapshot, e.g. a load read in pages.
   */
  async writeFiles(conn: DuckDBConnection, sql: string, options: WriteOptions = {}): Promise<DataFile[]> {
    const shape = await this.followSchema(conn, sql, options.schemaMode ?? 'add-only', options);
    return writeDataFiles(this.writeRequest(conn, sql, shape));
  }

  /** Replaces every row with the rows of data files already written (see `writeFiles`). */
  overwriteWithFiles(files: readonly DataFile[], options: WriteOptions = {}): WriteResult {
    const baseSnapshot = this.metadata['current-snapshot-id'];
    return this.commitChanges(
      'overwrite',
      (base) => ({
        added: [...files],
        deleted: liveFiles(chooseSnapshot(base, {})),
        existing: [],
        keptManifests: [],
      }),
      (fresh) =>
        fresh['current-snapshot-id'] === baseSnapshot
          ? undefined
          : 'the table changed since this overwrite started',
      options,
    );
  }

  /** Replaces every row with the rows of `sql`; the schema follows the query's columns. */
  async overwrite(conn: DuckDBConnection, sql: string, options: WriteOptions = {}): Promise<WriteResult> {
    const shape = await this.followSchema(conn, sql, options.schemaMode ?? 'sync', options);
    const added = await writeDataFiles(this.writeRequest(conn, sql, shape));
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
   * are added, in one snapshot. `candidates` (optional) narrows the files examined: files whose
   * partitions or bounds cannot match them are kept without being read.
   */
  async replaceWhere(
    conn: DuckDBConnection,
    predicate: string,
    sql: string | undefined,
    options: ReplaceOptions = {},
  ): Promise<WriteResult> {
    return inTable(this.id, () => this.replaceWhereInTable(conn, predicate, sql, options));
  }

  private async replaceWhereInTable(
    conn: DuckDBConnection,
    predicate: string,
    sql: string | undefined,
    options: ReplaceOptions,
    narrow: (files: readonly LiveFile[]) => Promise<LiveFile[]> = async (files) => [...files],
  ): Promise<WriteResult> {
    const shape =
      sql === undefined
        ? undefined
        : await this.followSchema(conn, sql, options.schemaMode ?? 'add-only', options);
    const base = this.metadata;
    const live = liveFiles(chooseSnapshot(base, {}));
    const prune = pruneFiles(currentSchema(base), base['partition-specs'], options.candidates ?? []);
    const candidates = await narrow(live.filter(prune));
    const affected = await filesMatching(conn, currentSchema(base), candidates, predicate);
    const affectedPaths = new Set(affected.map((f) => f.entry.dataFile.filePath));
    const kept = `SELECT * FROM (${this.relationOf(affectedPaths)}) WHERE NOT coalesce((\n${predicate}\n), false)`;
    const rewritten = affected.length === 0 ? [] : await writeDataFiles(this.writeRequest(conn, kept));
    const inserted = sql === undefined ? [] : await writeDataFiles(this.writeRequest(conn, sql, shape));
    return this.commitChanges(
      affected.length === 0 ? 'append' : 'overwrite',
      (fresh) => splitManifests(fresh, affectedPaths, [...rewritten, ...inserted]),
      (fresh) => (allLive(fresh, affectedPaths) ? undefined : 'a concurrent commit changed the same files'),
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
    requireKeys(keys);
    const staged = await stage(conn, sql);
    try {
      return await this.replaceByKeysFrom(conn, staged, keys, options);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${staged}`);
    }
  }

  /**
   * `replaceByKeys` with rows the connection already holds in a table (`relation`, e.g. a
   * temporary table of the run's batch): it is read where it is, not copied once more.
   */
  async replaceByKeysFrom(
    conn: DuckDBConnection,
    relation: string,
    keys: readonly string[],
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    requireKeys(keys);
    const tuple = keys.map(quote).join(', ');
    const predicate = `(${tuple}) IN (SELECT ${tuple} FROM ${relation})`;
    const candidates = await keyRanges(conn, relation, keys);
    // No row has a whole key: nothing can be replaced, the rows are only added.
    if (!candidates) return this.append(conn, `SELECT * FROM ${relation}`, options);
    // Files are read only when their partitions, key range and key bounds may hold a staged key.
    const narrow = (files: readonly LiveFile[]) =>
      filesWithinKeyBounds(conn, this.schema, files, relation, keys);
    return inTable(this.id, () =>
      this.replaceWhereInTable(
        conn,
        predicate,
        `SELECT * FROM ${relation}`,
        { ...options, candidates },
        narrow,
      ),
    );
  }

  /**
   * Replaces the partitions the rows of `sql` touch (`insert_overwrite`): the new rows are
   * written first, then every live file of a partition they landed in is removed, in one
   * snapshot; no existing data is read. Unpartitioned: a full overwrite.
   */
  async replacePartitions(
    conn: DuckDBConnection,
    sql: string,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const spec = defaultSpec(this.metadata);
    if (spec.fields.length === 0)
      return this.overwrite(conn, sql, { ...options, schemaMode: options.schemaMode ?? 'add-only' });
    const live = inTable(this.id, () => liveFiles(chooseSnapshot(this.metadata, {})));
    if (live.some((f) => f.manifest.partitionSpecId !== spec['spec-id'])) throw olderSpec(this.id);
    const shape = await this.followSchema(conn, sql, options.schemaMode ?? 'add-only', options);
    const inserted = await writeDataFiles(this.writeRequest(conn, sql, shape));
    const touched = new Set(inserted.map((f) => partitionKey(spec, f)));
    const inTouched = (metadata: TableMetadata) =>
      liveFiles(chooseSnapshot(metadata, {})).filter((f) =>
        touched.has(partitionKey(spec, f.entry.dataFile)),
      );
    const replaced = new Set(inTouched(this.metadata).map((f) => f.entry.dataFile.filePath));
    return this.commitChanges(
      'overwrite',
      (fresh) => splitManifests(fresh, replaced, inserted),
      (fresh) => {
        const now = inTouched(fresh).map((f) => f.entry.dataFile.filePath);
        return allLive(fresh, replaced) && now.every((p) => replaced.has(p))
          ? undefined
          : 'a concurrent commit changed the same partitions';
      },
      options,
    );
  }

  /**
   * Changes the schema explicitly (add, drop, rename, widen) in a metadata-only commit. Ids of
   * dropped columns are never reused; old files read by id, so renamed columns keep their data.
   */
  evolveSchema(changes: readonly SchemaChange[]): Schema {
    const start = this.metadata['current-schema-id'];
    const evolved = applySchemaChanges(this.metadata, changes);
    this.commitSchema(evolved, start, {});
    return this.schema;
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
    const result = inTable(this.id, () =>
      expireSnapshots(this.catalog, this.id, this.loaded, options, this.now),
    );
    this.loaded = result.loaded;
    return { expiredSnapshots: result.expiredSnapshots, deletedFiles: result.deletedFiles };
  }

  /** Deletes unreferenced files older than `olderThanMs` (default: three days ago). */
  removeOrphanFiles(options: { olderThanMs?: number } = {}): string[] {
    const olderThanMs = options.olderThanMs ?? this.now() - ORPHAN_SAFETY_WINDOW_MS;
    return removeOrphanFiles(this.catalog, this.id, this.metadata, this.metadataLocation, { olderThanMs });
  }

  /** A metadata-only commit; `rebase` may refuse to re-apply it after a lost race. */
  private commitMetadata(
    build: (base: TableMetadata) => TableMetadata,
    rebase: (fresh: TableMetadata) => string | undefined = () => undefined,
    maxAttempts?: number,
  ): void {
    this.loaded = commitWithRetry(this.catalog, this.id, this.loaded, build, rebase, this.now, maxAttempts);
  }

  private requireSnapshot(snapshotId: bigint): void {
    chooseSnapshot(this.metadata, { snapshotId });
  }

  private relationOf(paths: ReadonlySet<string>): string {
    return planScan(this.metadata, { prune: (f) => paths.has(f.entry.dataFile.filePath) }).sql;
  }

  private writeRequest(conn: DuckDBConnection, sql: string, shape?: QueryShape): WriteRequest {
    // Data files are written before the commit that checks the table's folder: check it first.
    assertTableInWarehouse(this.catalog, this.id, this.metadata);
    return {
      conn,
      sql,
      schema: this.schema,
      spec: defaultSpec(this.metadata),
      tableLocation: this.metadata.location,
      ...(shape ?? {}),
    };
  }

  /**
   * Evolves the table schema to the query's columns before writing (a metadata-only commit) and
   * returns how the query's columns map onto the table's (casts such as TINYINT → INTEGER).
   */
  private async followSchema(
    conn: DuckDBConnection,
    sql: string,
    mode: EvolutionMode,
    options: WriteOptions,
  ): Promise<QueryShape> {
    const columns = options.queryColumns ?? (await describeQuery(conn, sql));
    const evolved = evolveSchema(this.metadata, columns, mode);
    if (evolved) this.commitSchema(evolved, this.metadata['current-schema-id'], options);
    return {
      casts: castsTo(this.schema, columns),
      present: new Set(columns.map((c) => c.name.toLowerCase())),
    };
  }

  /** Commits a new current schema, unless another writer changed the schema meanwhile. */
  private commitSchema(evolved: EvolvedSchema, startSchemaId: number, options: WriteOptions): void {
    this.commitMetadata(
      (base) => ({
        ...base,
        schemas: [...base.schemas, evolved.schema],
        'current-schema-id': evolved.schema['schema-id'],
        'last-column-id': Math.max(base['last-column-id'], evolved.lastColumnId),
      }),
      (fresh) =>
        fresh['current-schema-id'] === startSchemaId ? undefined : 'the schema changed concurrently',
      options.maxCommitAttempts,
    );
  }

  private commitChanges(
    operation: 'append' | 'overwrite',
    changesFor: (base: TableMetadata) => SnapshotChanges,
    rebase: (fresh: TableMetadata) => string | undefined,
    options: WriteOptions,
  ): WriteResult {
    const snapshotId = newSnapshotId();
    const extra = typeof options.summary === 'function' ? options.summary() : (options.summary ?? {});
    let result: WriteResult | undefined;
    this.commitMetadata(
      (base) =>
        inTable(this.id, () => {
          const changes = changesFor(base);
          const built = buildSnapshot(base, snapshotId, operation, changes, extra, this.now());
          result = built.result;
          return built.metadata;
        }),
      rebase,
      options.maxCommitAttempts,
    );
    return result!;
  }
}

function requireKeys(keys: readonly string[]): void {
  if (keys.length === 0)
    throw new LdpError({ code: 'LDP514', message: 'replacing rows by key needs at least one key column' });
}

function allLive(metadata: TableMetadata, paths: ReadonlySet<string>): boolean {
  const live = new Set(liveFiles(chooseSnapshot(metadata, {})).map((f) => f.entry.dataFile.filePath));
  return [...paths].every((p) => live.has(p));
}

/** Partition values of another spec do not compare with the current spec's. */
function olderSpec(id: TableIdentifier): LdpError {
  return new LdpError({
    code: 'LDP515',
    message: `table ${[...id.namespace, id.name].join('.')} has files written with an older partition spec; ldp cannot tell which partitions they belong to`,
    hint: 'Rewrite the table once with a full refresh (overwrite), then replace partitions.',
  });
}
