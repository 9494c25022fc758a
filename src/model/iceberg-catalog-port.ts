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
