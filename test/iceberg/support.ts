import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openCatalog, type SqliteCatalog } from '../../src/catalog/index.js';

export interface Warehouse {
  readonly dir: string;
  readonly catalog: SqliteCatalog;
  readonly conn: DuckDBConnection;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** A fresh warehouse folder with its SQLite catalog and a DuckDB connection (UTC). */
export async function newWarehouse(): Promise<Warehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-wh-'));
  const catalog = openCatalog({ path: join(dir, 'catalog.db'), warehousePath: dir });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run("SET TimeZone='UTC'");
  return {
    dir,
    catalog,
    conn,
    rows: async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
  };
}
