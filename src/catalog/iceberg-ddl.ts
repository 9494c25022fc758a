import type Database from 'better-sqlite3';

/**
 * The tables of Iceberg's JDBC catalog, character for character as pyiceberg's SqlCatalog creates
 * them (SQLite keeps the text in `sqlite_master`), so pyiceberg, Spark and Trino open the file as
 * their own catalog.
 */
export const ICEBERG_CATALOG_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS iceberg_tables (
\tcatalog_name VARCHAR(255) NOT NULL, 
\ttable_namespace VARCHAR(255) NOT NULL, 
\ttable_name VARCHAR(255) NOT NULL, 
\tmetadata_location VARCHAR(1000), 
\tprevious_metadata_location VARCHAR(1000), 
\ticeberg_type VARCHAR(5), 
\tPRIMARY KEY (catalog_name, table_namespace, table_name)
)`,
  `CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
\tcatalog_name VARCHAR(255) NOT NULL, 
\tnamespace VARCHAR(255) NOT NULL, 
\tproperty_key VARCHAR(255) NOT NULL, 
\tproperty_value VARCHAR(1000) NOT NULL, 
\tPRIMARY KEY (catalog_name, namespace, property_key)
)`,
];

/** Creates whichever of the two Iceberg catalog tables is missing; existing ones stay untouched. */
export function ensureIcebergTables(db: Database.Database): void {
  for (const ddl of ICEBERG_CATALOG_DDL) db.exec(ddl);
}

/** True when the file has both Iceberg catalog tables. */
export function hasIcebergTables(db: Database.Database): boolean {
  const row = db
    .prepare(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('iceberg_tables', 'iceberg_namespace_properties')",
    )
    .get() as { n: number };
  return row.n === 2;
}

/**
 * Catalogs written by older pyiceberg releases (and Java's "V0" JDBC schema) have no
 * `iceberg_type` column; ldp reads them without it and does not add it, because adding a column
 * would change a file another engine owns.
 */
export function hasIcebergTypeColumn(db: Database.Database): boolean {
  const columns = db.prepare('PRAGMA table_info(iceberg_tables)').all() as { name: string }[];
  return columns.some((column) => column.name === 'iceberg_type');
}
