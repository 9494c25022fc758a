/**
 * The narrow port between Iceberg table operations (src/iceberg) and a catalog that stores the
 * pointer to each table's current metadata file (src/catalog implements it over SQLite, with
 * exactly the tables of Iceberg's JDBC catalog).
 */

/** A table's name in the catalog. `namespace` levels are joined with `.` in the catalog rows. */
export interface TableIdentifier {
  readonly namespace: readonly string[];
  readonly name: string;
}

export interface IcebergCatalogPort {
  /** The `catalog_name` written in every row; readers open the catalog by this name. */
  readonly catalogName: string;
  /** Absolute path of the warehouse folder; a table lives in `<warehouse>/<namespace>/<name>`. */
  readonly warehousePath: string;

  /** The current metadata location (a `file://` URI), or undefined when the table does not exist. */
  currentMetadataLocation(table: TableIdentifier): string | undefined;

  /**
   * Registers a new table whose first metadata file is already written.
   * Throws an `LdpError` (code LDP5xx) when a table of that name exists already.
   */
  registerTable(table: TableIdentifier, metadataLocation: string): void;

  /**
   * Compare-and-swap of the metadata pointer: sets `next` only if the current location is still
   * `expected`. Returns false when another writer committed first (nothing changed).
   */
  swapMetadataLocation(table: TableIdentifier, expected: string, next: string): boolean;
}

/** A `view` model as the catalog keeps it: ldp recreates it in every DuckDB session from its SQL. */
export interface CatalogView {
  readonly namespace: readonly string[];
  readonly name: string;
  readonly sql: string;
  readonly columns: readonly {
    readonly name: string;
    readonly type: string;
    readonly description?: string;
  }[];
  readonly uniqueId?: string;
}

/**
 * What a run needs from the catalog beyond single-table commits: every table and view, and
 * replacing one kind of relation by the other when a model's materialization changes.
 */
export interface WarehouseCatalogPort extends IcebergCatalogPort {
  listAllTables(): readonly { readonly identifier: TableIdentifier; readonly metadataLocation: string }[];
  /** Removes a table's row (and, with `purge`, its files inside the warehouse). */
  dropTable(table: TableIdentifier, options?: { readonly purge?: boolean }): unknown;
  listViews(): readonly CatalogView[];
  /** The names of every view, without loading their SQL and columns (see `loadView`). */
  listViewIds(): readonly TableIdentifier[];
  upsertView(view: CatalogView): void;
  dropView(view: TableIdentifier): void;
  loadView(view: TableIdentifier): CatalogView | undefined;
}
