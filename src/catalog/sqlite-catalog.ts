import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LdpError } from '../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../model/iceberg-catalog-port.js';
import { ICEBERG_CATALOG_DDL } from './iceberg-ddl.js';
import { migrate } from './migrations.js';

export interface OpenCatalogOptions {
  /** The SQLite file (default `<warehouse>/catalog.db`). */
  readonly path: string;
  /** Absolute path of the warehouse folder where tables live. */
  readonly warehousePath: string;
  /** `catalog_name` of the rows ldp reads and writes; readers must open the catalog by this name. */
  readonly catalogName?: string;
  /** Open a catalog another engine wrote, changing nothing in it. */
  readonly readOnly?: boolean;
  readonly clock?: () => Date;
}

export const DEFAULT_CATALOG_NAME = 'ldp';

/**
 * The SQLite catalog: Iceberg's JDBC catalog tables (so other engines can open it) and ldp's own
 * `ldp_*` tables, in one file. WAL mode and a busy timeout let concurrent processes wait for each
 * other instead of failing.
 */
export class SqliteCatalog implements IcebergCatalogPort {
  readonly catalogName: string;
  readonly warehousePath: string;
  readonly db: Database.Database;

  private constructor(db: Database.Database, options: OpenCatalogOptions) {
    this.db = db;
    this.catalogName = options.catalogName ?? DEFAULT_CATALOG_NAME;
    this.warehousePath = resolve(options.warehousePath);
  }

  static open(options: OpenCatalogOptions): SqliteCatalog {
    if (!options.readOnly) mkdirSync(dirname(resolve(options.path)), { recursive: true });
    const db = new Database(options.path, {
      readonly: options.readOnly ?? false,
      fileMustExist: options.readOnly ?? false,
      timeout: 30_000,
    });
    if (!options.readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      for (const ddl of ICEBERG_CATALOG_DDL) db.exec(ddl);
      migrate(db, options.path, options.clock ?? (() => new Date()));
    }
    return new SqliteCatalog(db, options);
  }

  close(): void {
    this.db.close();
  }

  currentMetadataLocation(table: TableIdentifier): string | undefined {
    const row = this.db
      .prepare(
        "SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND (iceberg_type IS NULL OR iceberg_type = 'TABLE')",
      )
      .get(this.catalogName, namespaceOf(table), table.name) as { metadata_location: string } | undefined;
    return row?.metadata_location;
  }

  registerTable(table: TableIdentifier, metadataLocation: string): void {
    this.ensureNamespace(table.namespace);
    try {
      this.db
        .prepare(
          "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type) VALUES (?, ?, ?, ?, NULL, 'TABLE')",
        )
        .run(this.catalogName, namespaceOf(table), table.name, metadataLocation);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new LdpError({
          code: 'LDP502',
          message: `table ${namespaceOf(table)}.${table.name} already exists in catalog '${this.catalogName}'`,
          hint: 'Load the existing table, or drop it first.',
        });
      }
      throw error;
    }
  }

  swapMetadataLocation(table: TableIdentifier, expected: string, next: string): boolean {
    const result = this.db
      .prepare(
        'UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?',
      )
      .run(next, expected, this.catalogName, namespaceOf(table), table.name, expected);
    return result.changes === 1;
  }

  listTables(namespace: readonly string[]): TableIdentifier[] {
    const rows = this.db
      .prepare(
        "SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND (iceberg_type IS NULL OR iceberg_type = 'TABLE') ORDER BY table_name",
      )
      .all(this.catalogName, namespace.join('.')) as { table_name: string }[];
    return rows.map((row) => ({ namespace, name: row.table_name }));
  }

  listAllTables(): TableIdentifier[] {
    const rows = this.db
      .prepare(
        "SELECT table_namespace, table_name FROM iceberg_tables WHERE catalog_name = ? AND (iceberg_type IS NULL OR iceberg_type = 'TABLE') ORDER BY 1, 2",
      )
      .all(this.catalogName) as { table_namespace: string; table_name: string }[];
    return rows.map((row) => ({ namespace: row.table_namespace.split('.'), name: row.table_name }));
  }

  /** Removes the catalog row; the caller decides whether the files go too. */
  dropTable(table: TableIdentifier): boolean {
    return (
      this.db
        .prepare(
          'DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?',
        )
        .run(this.catalogName, namespaceOf(table), table.name).changes === 1
    );
  }

  renameTable(from: TableIdentifier, to: TableIdentifier): void {
    if (!this.namespaceExists(to.namespace)) {
      throw new LdpError({
        code: 'LDP503',
        message: `namespace ${to.namespace.join('.')} does not exist`,
        hint: 'Create the namespace first.',
      });
    }
    const changes = this.db
      .prepare(
        'UPDATE iceberg_tables SET table_namespace = ?, table_name = ? WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?',
      )
      .run(namespaceOf(to), to.name, this.catalogName, namespaceOf(from), from.name).changes;
    if (changes !== 1)
      throw new LdpError({
        code: 'LDP504',
        message: `table ${namespaceOf(from)}.${from.name} does not exist`,
      });
  }

  createNamespace(namespace: readonly string[], properties: Readonly<Record<string, string>> = {}): void {
    const entries = Object.entries(properties);
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const [key, value] of entries.length > 0 ? entries : [['exists', 'true']])
        insert.run(this.catalogName, namespace.join('.'), key, value);
    })();
  }

  ensureNamespace(namespace: readonly string[]): void {
    if (!this.namespaceExists(namespace)) this.createNamespace(namespace);
  }

  namespaceExists(namespace: readonly string[]): boolean {
    const name = namespace.join('.');
    const props = this.db
      .prepare('SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ? LIMIT 1')
      .get(this.catalogName, name);
    const tables = this.db
      .prepare('SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? LIMIT 1')
      .get(this.catalogName, name);
    return props !== undefined || tables !== undefined;
  }

  listNamespaces(): string[][] {
    const rows = this.db
      .prepare(
        'SELECT namespace FROM iceberg_namespace_properties WHERE catalog_name = ? UNION SELECT table_namespace FROM iceberg_tables WHERE catalog_name = ? ORDER BY 1',
      )
      .all(this.catalogName, this.catalogName) as { namespace: string }[];
    return rows.map((row) => row.namespace.split('.'));
  }

  namespaceProperties(namespace: readonly string[]): Record<string, string> {
    const rows = this.db
      .prepare(
        'SELECT property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?',
      )
      .all(this.catalogName, namespace.join('.')) as { property_key: string; property_value: string }[];
    return Object.fromEntries(rows.map((row) => [row.property_key, row.property_value]));
  }

  dropNamespace(namespace: readonly string[]): void {
    if (this.listTables(namespace).length > 0) {
      throw new LdpError({
        code: 'LDP505',
        message: `namespace ${namespace.join('.')} is not empty`,
        hint: 'Drop or move its tables first.',
      });
    }
    this.db
      .prepare('DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?')
      .run(this.catalogName, namespace.join('.'));
  }
}

function namespaceOf(table: TableIdentifier): string {
  return table.namespace.join('.');
}

export function openCatalog(options: OpenCatalogOptions): SqliteCatalog {
  return SqliteCatalog.open(options);
}
