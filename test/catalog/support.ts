import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type OpenCatalogOptions, openCatalog, type SqliteCatalog } from '../../src/catalog/index.js';
import type { TableIdentifier } from '../../src/model/iceberg-catalog-port.js';
import { SHARED_FIXTURES } from '../support/shared-fixtures.js';

/** The catalog pyiceberg wrote (catalog name `default`); tests only ever read copies of it. */
export const FIXTURE_DB = join(SHARED_FIXTURES, 'pyiceberg-warehouse', 'catalog.db');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ldp-catalog-'));
}

/** A new warehouse folder with a read-write catalog in `<dir>/catalog.db`. */
export function freshCatalog(options: Partial<OpenCatalogOptions> = {}): {
  dir: string;
  catalog: SqliteCatalog;
} {
  const dir = tempDir();
  return { dir, catalog: openCatalog({ warehousePath: dir, ...options }) };
}

/** A copy of the pyiceberg fixture catalog in a new folder. */
export function fixtureCopy(): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, 'catalog.db');
  copyFileSync(FIXTURE_DB, path);
  return { dir, path };
}

/** Writes a stand-in first metadata file at the table's default location; returns its URI. */
export function writeMetadata(warehouse: string, id: TableIdentifier, version = 0): string {
  const location = join(warehouse, ...id.namespace, id.name);
  mkdirSync(join(location, 'metadata'), { recursive: true });
  mkdirSync(join(location, 'data'), { recursive: true });
  writeFileSync(join(location, 'data', 'part-0.parquet'), 'data');
  const file = join(location, 'metadata', `${String(version).padStart(5, '0')}-abc.metadata.json`);
  writeFileSync(file, JSON.stringify({ 'format-version': 2, location: `file://${location}` }));
  return `file://${file}`;
}

/** Runs `body` on a separate read-only connection to the file. */
export function withRaw<T>(path: string, body: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return body(db);
  } finally {
    db.close();
  }
}

/** `sqlite_master` as name → SQL text, for comparing layouts. */
export function schemaOf(path: string): Record<string, string | null> {
  return withRaw(path, (db) => {
    const rows = db.prepare('SELECT name, sql FROM sqlite_master ORDER BY name').all() as {
      name: string;
      sql: string | null;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.sql]));
  });
}
