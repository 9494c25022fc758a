import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { IcebergCatalogPort, TableIdentifier } from '../model/iceberg-catalog-port.js';
import { CatalogErrors } from './catalog-errors.js';
import type { CatalogContext } from './context.js';
import { hasIcebergTypeColumn } from './iceberg-ddl.js';
import * as lineage from './lineage.js';
import { LATEST_VERSION, type Migration } from './migrations.js';
import * as namespaces from './namespaces.js';
import { openDatabase } from './open-database.js';
import { assertInsideWarehouse, removeTableFiles, tableLocation } from './purge.js';
import type * as records from './records.js';
import * as runs from './runs.js';
import { StatementCache } from './statement-cache.js';
import * as tables from './tables.js';
import * as views from './views.js';
import * as locks from './warehouse-lock.js';

export const DEFAULT_CATALOG_NAME = 'ldp';

export interface OpenCatalogOptions {
  /** Absolute path of the warehouse folder where tables live. */
  readonly warehousePath: string;
  /** The SQLite file; `<warehouse>/catalog.db` by default. */
  readonly path?: string;
  /** `catalog_name` of the Iceberg rows ldp reads and writes (default `ldp`); readers open the catalog by it. */
  readonly catalogName?: string;
  /** Open a catalog, for instance one another engine wrote, changing nothing in it. */
  readonly readOnly?: boolean;
  /** How long a statement waits for another process's write lock (default 30 s). */
  readonly busyTimeoutMs?: number;
  /** Timestamps in ldp's tables. */
  readonly clock?: () => Date;
  /** ldp's migrations; tests replace them to simulate older and newer files. */
  readonly migrations?: readonly Migration[];
}

/** What `dropTable` removed; `purgedLocation` is set when the files went too. */
export interface DroppedTable extends tables.CatalogTable {
  readonly purgedLocation?: string;
}

export interface DropTableOptions {
  /**
   * `true`: delete the table's folder, which must be inside the warehouse. A function: called
   * with that folder (wherever it is) after the row is gone, to delete or archive it.
   */
  readonly purge?: boolean | ((location: string, table: tables.CatalogTable) => void);
}

/**
 * The SQLite catalog: Iceberg's JDBC catalog tables, readable by pyiceberg, Spark and Trino, and
 * ldp's own `ldp_*` tables (runs, results, lineage, views, the warehouse lock), in one file.
 */
export class SqliteCatalog implements IcebergCatalogPort {
  readonly catalogName: string;
  readonly warehousePath: string;
  /** The SQLite file. */
  readonly path: string;
  readonly readOnly: boolean;
  /** ldp's schema version in the file (0: no ldp tables, possible only read-only). */
  readonly schemaVersion: number;
  readonly db: Database.Database;
  private readonly ctx: CatalogContext;
  private readonly heldLocks = new Set<locks.WarehouseLock>();

  private constructor(
    db: Database.Database,
    schemaVersion: number,
    options: OpenCatalogOptions,
    path: string,
  ) {
    this.db = db;
    this.path = path;
    this.schemaVersion = schemaVersion;
    this.readOnly = options.readOnly ?? false;
    this.catalogName = options.catalogName ?? DEFAULT_CATALOG_NAME;
    this.warehousePath = resolve(options.warehousePath);
    this.ctx = {
      sql: new StatementCache(db),
      catalogName: this.catalogName,
      hasTypeColumn: hasIcebergTypeColumn(db),
      now: options.clock ?? (() => new Date()),
    };
  }

  /** Opens (and, read-write, creates or migrates) a catalog file. */
  static open(options: OpenCatalogOptions): SqliteCatalog {
    const path = resolve(options.path ?? join(options.warehousePath, 'catalog.db'));
    const { db, schemaVersion } = openDatabase({
      path,
      readOnly: options.readOnly ?? false,
      busyTimeoutMs: options.busyTimeoutMs ?? 30_000,
      now: options.clock ?? (() => new Date()),
      ...(options.migrations ? { migrations: options.migrations } : {}),
    });
    return new SqliteCatalog(db, schemaVersion, options, path);
  }

  /** Releases the locks this catalog holds and closes the connection. */
  close(): void {
    for (const lock of this.heldLocks) lock.release();
    this.heldLocks.clear();
    if (this.db.open) this.db.close();
  }

  // Iceberg tables (the port used by src/iceberg).

  currentMetadataLocation(table: TableIdentifier): string | undefined {
    return tables.currentMetadataLocation(this.ctx, table);
  }

  registerTable(table: TableIdentifier, metadataLocation: string): void {
    tables.registerTable(this.writable(), table, metadataLocation);
  }

  swapMetadataLocation(table: TableIdentifier, expected: string, next: string): boolean {
    return tables.swapMetadataLocation(this.writable(), table, expected, next);
  }

  /** The table's catalog row; throws LDP504 when it does not exist. */
  loadTable(table: TableIdentifier): tables.CatalogTable {
    return tables.loadTable(this.ctx, table);
  }

  tableExists(table: TableIdentifier): boolean {
    return tables.tableExists(this.ctx, table);
  }

  /** Tables of one namespace; throws LDP503 when the namespace does not exist. */
  listTables(namespace: readonly string[]): TableIdentifier[] {
    return tables.listTables(this.ctx, namespace);
  }

  /** Every table of this catalog name with its metadata location. */
  listAllTables(): tables.CatalogTable[] {
    return tables.listAllTables(this.ctx);
  }

  /**
   * Drops a table: the row always, the files only with `purge`. The row goes first, so a failure
   * while deleting files leaves garbage, never a catalog entry without data.
   */
  dropTable(table: TableIdentifier, options: DropTableOptions = {}): DroppedTable {
    const ctx = this.writable();
    if (!options.purge) return tables.dropTableRow(ctx, table);
    const location = tableLocation(this.warehousePath, table, tables.loadTable(ctx, table).metadataLocation);
    if (options.purge === true) assertInsideWarehouse(this.warehousePath, table, location);
    const dropped = tables.dropTableRow(ctx, table);
    if (options.purge === true) removeTableFiles(location);
    else options.purge(location, dropped);
    return { ...dropped, purgedLocation: location };
  }

  /** Renames a table, possibly into another existing namespace; its files stay where they are. */
  renameTable(from: TableIdentifier, to: TableIdentifier): void {
    tables.renameTable(this.writable(), from, to);
  }

  // Namespaces.

  /** Creates a namespace (`exists = 'true'` without properties); LDP541 when it exists. */
  createNamespace(namespace: readonly string[], properties?: Readonly<Record<string, string>>): void {
    namespaces.createNamespace(this.writable(), namespace, properties);
  }

  /** Creates the namespace unless it exists. */
  ensureNamespace(namespace: readonly string[]): void {
    namespaces.ensureNamespace(this.writable(), namespace);
  }

  namespaceExists(namespace: readonly string[]): boolean {
    return namespaces.namespaceExists(this.ctx, namespace);
  }

  /** Namespaces one level below `parent` (top level by default), as pyiceberg lists them. */
  listNamespaces(parent?: readonly string[]): string[][] {
    return namespaces.listNamespaces(this.ctx, parent);
  }

  /** Every namespace at full depth. */
  listAllNamespaces(): string[][] {
    return namespaces.listAllNamespaces(this.ctx);
  }

  loadNamespaceProperties(namespace: readonly string[]): Record<string, string> {
    return namespaces.loadNamespaceProperties(this.ctx, namespace);
  }

  updateNamespaceProperties(
    namespace: readonly string[],
    change: namespaces.PropertiesUpdate,
  ): namespaces.PropertiesUpdateSummary {
    return namespaces.updateNamespaceProperties(this.writable(), namespace, change);
  }

  /** Drops an empty namespace; LDP505 while it holds tables or views. */
  dropNamespace(namespace: readonly string[]): void {
    namespaces.dropNamespace(this.writable(), namespace);
  }

  // Views (ldp_views only: see views.ts for why not iceberg_tables).

  upsertView(view: records.ViewDefinition): void {
    views.upsertView(this.writable(), view);
  }

  loadView(id: TableIdentifier): records.ViewRecord | undefined {
    return views.loadView(this.ldp(), id);
  }

  listViews(namespace?: readonly string[]): records.ViewRecord[] {
    return views.listViews(this.ldp(), namespace);
  }

  listViewIds(): TableIdentifier[] {
    return views.listViewIds(this.ldp());
  }

  dropView(id: TableIdentifier): void {
    views.dropView(this.writable(), id);
  }

  // Runs and results.

  recordRunStart(run: records.RunStart): void {
    runs.recordRunStart(this.writable(), run);
  }

  recordRunEnd(runId: string, end: records.RunEnd): void {
    runs.recordRunEnd(this.writable(), runId, end);
  }

  recordNodeResult(runId: string, result: records.NodeResultRecord): void {
    runs.recordNodeResult(this.writable(), runId, result);
  }

  loadRun(runId: string): records.RunRecord | undefined {
    return runs.loadRun(this.ldp(), runId);
  }

  listRuns(limit?: number): records.RunRecord[] {
    return runs.listRuns(this.ldp(), limit);
  }

  runResults(runId: string): records.NodeResultRecord[] {
    return runs.runResults(this.ldp(), runId);
  }

  /** A node's results across runs, newest first (model and test history). */
  runHistory(uniqueId: string, limit?: number): records.NodeHistoryEntry[] {
    return runs.runHistory(this.ldp(), uniqueId, limit);
  }

  // Lineage.

  replaceLineage(graph: records.LineageGraph, options: records.ReplaceLineageOptions): void {
    lineage.replaceLineage(this.writable(), graph, options);
  }

  readLineage(): records.LineageGraph<records.StoredLineageNode, records.StoredLineageEdge> {
    return lineage.readLineage(this.ldp());
  }

  /** Which of `ids` have stored lineage nodes. */
  storedLineageIds(ids: Iterable<string>): Set<string> {
    return lineage.storedLineageIds(this.ldp(), ids);
  }

  // The warehouse lock.

  /** Takes the warehouse-wide run lock (see warehouse-lock.ts); `close()` releases it too. */
  async acquireWarehouseLock(options: locks.AcquireLockOptions): Promise<locks.WarehouseLock> {
    const lock = await locks.acquireWarehouseLock(this.writable(), this.path, options);
    const tracked: locks.WarehouseLock = {
      ...lock,
      release: () => {
        lock.release();
        this.heldLocks.delete(tracked);
      },
    };
    this.heldLocks.add(tracked);
    return tracked;
  }

  readWarehouseLock(): locks.LockHolder | undefined {
    return locks.readWarehouseLock(this.ldp());
  }

  breakWarehouseLock(): locks.LockHolder | undefined {
    return locks.breakWarehouseLock(this.writable());
  }

  private writable(): CatalogContext {
    if (this.readOnly) throw CatalogErrors.readOnly(this.path);
    return this.ctx;
  }

  /** The context for reading ldp's tables, which a read-only file may lack or have in a newer form. */
  private ldp(): CatalogContext {
    if (this.schemaVersion > LATEST_VERSION) {
      throw CatalogErrors.newerSchema(this.path, this.schemaVersion, LATEST_VERSION);
    }
    if (this.schemaVersion < LATEST_VERSION) {
      throw CatalogErrors.noLdpTables(this.path, this.schemaVersion, LATEST_VERSION);
    }
    return this.ctx;
  }
}

/** Opens a catalog; see `OpenCatalogOptions`. */
export function openCatalog(options: OpenCatalogOptions): SqliteCatalog {
  return SqliteCatalog.open(options);
}
