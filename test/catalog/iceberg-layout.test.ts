import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ICEBERG_CATALOG_DDL, openCatalog } from '../../src/catalog/index.js';
import {
  FIXTURE_DB,
  fixtureCopy,
  freshCatalog,
  schemaOf,
  tempDir,
  withRaw,
  writeMetadata,
} from './support.js';

const ICEBERG_OBJECTS = [
  'iceberg_namespace_properties',
  'iceberg_tables',
  'sqlite_autoindex_iceberg_namespace_properties_1',
  'sqlite_autoindex_iceberg_tables_1',
];

function columnsOf(path: string, table: string): unknown[] {
  return withRaw(path, (db) =>
    (
      db.prepare(`PRAGMA table_info(${table})`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[]
    ).map((c) => [c.name, c.type, c.notnull, c.pk]),
  );
}

describe('Iceberg JDBC catalog layout', () => {
  it('creates exactly the tables, columns, types and keys pyiceberg creates', () => {
    const { dir, catalog } = freshCatalog();
    catalog.close();
    const ours = schemaOf(join(dir, 'catalog.db'));
    const theirs = schemaOf(FIXTURE_DB);
    expect(Object.keys(theirs).sort()).toEqual(ICEBERG_OBJECTS);
    for (const name of ICEBERG_OBJECTS) expect(ours[name]).toBe(theirs[name]);
    for (const table of ['iceberg_tables', 'iceberg_namespace_properties']) {
      expect(columnsOf(join(dir, 'catalog.db'), table)).toEqual(columnsOf(FIXTURE_DB, table));
    }
    expect(columnsOf(FIXTURE_DB, 'iceberg_tables')).toContainEqual(['catalog_name', 'VARCHAR(255)', 1, 1]);
  });

  it('opens the pyiceberg catalog read-only by its name and changes nothing', () => {
    const { dir, path } = fixtureCopy();
    const before = readFileSync(path);
    const catalog = openCatalog({ path, warehousePath: dir, catalogName: 'default', readOnly: true });
    expect(catalog.listNamespaces()).toEqual([['bronze']]);
    expect(catalog.loadNamespaceProperties(['bronze'])).toEqual({ exists: 'true' });
    expect(catalog.listTables(['bronze'])).toEqual([
      { namespace: ['bronze'], name: 'trips_history' },
      { namespace: ['bronze'], name: 'trips_partitioned' },
    ]);
    const all = catalog.listAllTables();
    expect(
      all.map((t) => [t.identifier.name, t.metadataLocation.replace(/-[0-9a-f-]{36}/, '-<uuid>')]),
    ).toEqual([
      [
        'trips_history',
        'file:///tmp/ldp-interop/pyiceberg-warehouse/bronze/trips_history/metadata/00003-<uuid>.metadata.json',
      ],
      [
        'trips_partitioned',
        'file:///tmp/ldp-interop/pyiceberg-warehouse/bronze/trips_partitioned/metadata/00002-<uuid>.metadata.json',
      ],
    ]);
    expect(
      catalog.loadTable({ namespace: ['bronze'], name: 'trips_history' }).previousMetadataLocation,
    ).toMatch(/\/00002-[0-9a-f-]{36}\.metadata\.json$/);
    expect(() => catalog.createNamespace(['silver'])).toThrowError(/opened read-only/);
    expect(() => catalog.listRuns()).toThrowError(/has ldp schema version 0, this ldp needs 1/);
    catalog.close();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['catalog.db']);
    expect(Object.keys(schemaOf(path)).sort()).toEqual(ICEBERG_OBJECTS);
  });

  it('sees nothing under another catalog name', () => {
    const { dir, path } = fixtureCopy();
    const catalog = openCatalog({ path, warehousePath: dir, readOnly: true });
    expect(catalog.catalogName).toBe('ldp');
    expect(catalog.listAllTables()).toEqual([]);
    expect(() => catalog.listTables(['bronze'])).toThrowError(
      /namespace bronze does not exist in catalog 'ldp'/,
    );
    catalog.close();
  });

  it('adds only ldp tables when opening a foreign catalog read-write, keeping its rows and DDL', () => {
    const { dir, path } = fixtureCopy();
    const theirs = schemaOf(FIXTURE_DB);
    const catalog = openCatalog({ path, warehousePath: dir, catalogName: 'default' });
    expect(catalog.listTables(['bronze']).map((t) => t.name)).toEqual(['trips_history', 'trips_partitioned']);
    catalog.close();
    const ours = schemaOf(path);
    for (const name of ICEBERG_OBJECTS) expect(ours[name]).toBe(theirs[name]);
    const added = Object.keys(ours).filter((name) => !ICEBERG_OBJECTS.includes(name));
    expect(added.every((name) => name.startsWith('ldp_') || name.startsWith('sqlite_autoindex_ldp_'))).toBe(
      true,
    );
    expect(added).toContain('ldp_schema_version');
  });

  it('creates missing Iceberg tables with pyiceberg’s DDL in an existing file', () => {
    const dir = tempDir();
    const path = join(dir, 'catalog.db');
    const db = new Database(path);
    db.exec('CREATE TABLE unrelated (x INTEGER)');
    db.exec(ICEBERG_CATALOG_DDL[1]!);
    db.close();
    openCatalog({ path, warehousePath: dir }).close();
    const schema = schemaOf(path);
    expect(schema['iceberg_tables']).toBe(schemaOf(FIXTURE_DB)['iceberg_tables']);
    expect(schema['unrelated']).toBe('CREATE TABLE unrelated (x INTEGER)');
  });

  it('refuses read-only opens of missing files and files that are not catalogs', () => {
    const dir = tempDir();
    expect(() => openCatalog({ warehousePath: dir, readOnly: true })).toThrowError(/the file does not exist/);
    const empty = join(dir, 'empty.db');
    new Database(empty).close();
    expect(() => openCatalog({ path: empty, warehousePath: dir, readOnly: true })).toThrowError(
      /has no Iceberg catalog tables/,
    );
    const text = join(dir, 'text.db');
    writeFileSync(text, Buffer.alloc(4096, 'not a database '));
    expect(() => openCatalog({ path: text, warehousePath: dir })).toThrowError(/is not a SQLite database/);
  });

  it('reads catalogs without the iceberg_type column and ignores view rows other engines write', () => {
    const dir = tempDir();
    const path = join(dir, 'catalog.db');
    const db = new Database(path);
    db.exec(ICEBERG_CATALOG_DDL[0]!.replace('\ticeberg_type VARCHAR(5), \n', ''));
    db.exec(ICEBERG_CATALOG_DDL[1]!);
    db.close();
    const id = { namespace: ['old'], name: 't' };
    const catalog = openCatalog({ path, warehousePath: dir });
    catalog.registerTable(id, writeMetadata(dir, id));
    expect(catalog.listTables(['old'])).toEqual([id]);
    expect(withRaw(path, (raw) => raw.prepare('PRAGMA table_info(iceberg_tables)').all()).length).toBe(5);
    catalog.close();

    const modern = freshCatalog();
    modern.catalog.db
      .prepare("INSERT INTO iceberg_tables VALUES ('ldp', 'ns', 'java_view', 'file:///v.json', NULL, 'VIEW')")
      .run();
    expect(modern.catalog.listTables(['ns'])).toEqual([]);
    expect(modern.catalog.currentMetadataLocation({ namespace: ['ns'], name: 'java_view' })).toBeUndefined();
    const clash = { namespace: ['ns'], name: 'java_view' };
    expect(() => modern.catalog.registerTable(clash, writeMetadata(modern.dir, clash))).toThrowError(
      /already exists/,
    );
  });

  it('uses WAL mode and <warehouse>/catalog.db by default', () => {
    const { dir, catalog } = freshCatalog();
    expect(catalog.path).toBe(join(dir, 'catalog.db'));
    expect(catalog.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(catalog.db.pragma('busy_timeout', { simple: true })).toBe(30_000);
    expect(statSync(catalog.path).isFile()).toBe(true);
  });
});
