import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openTable } from '../../iceberg/index.js';
import type { WarehouseCatalogPort } from '../../model/iceberg-catalog-port.js';
import { quoteIdentifier, relationName } from '../../sql/index.js';
import { relationOf } from './lakehouse-session.js';
import { withoutTrailingSemicolons } from './trailing-semicolons.js';

/**
 * Writes a DuckDB database file with one view per warehouse table (over its current snapshot's
 * files) and per `view` model, so the DuckDB CLI or a BI tool can query the lakehouse. The file
 * is built under a temporary name and renamed over the old one: a reader never sees half of it.
 * Returns the number of views written.
 */
export async function exportDatabaseFile(catalog: WarehouseCatalogPort, path: string): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const building = `${path}.building`;
  rmSync(building, { force: true });
  rmSync(`${building}.wal`, { force: true });
  const instance = await DuckDBInstance.create(building);
  let views = 0;
  try {
    const conn = await instance.connect();
    const schemas = new Set<string>();
    const create = async (relation: ReturnType<typeof relationOf>, sql: string) => {
      if (!schemas.has(relation.schema)) {
        await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(relation.schema)}`);
        schemas.add(relation.schema);
      }
      await conn.run(
        `CREATE OR REPLACE VIEW ${relationName(relation)} AS (\n${await withoutTrailingSemicolons(conn, sql)}\n)`,
      );
      views++;
    };
    for (const { identifier } of catalog.listAllTables()) {
      const table = openTable(catalog, identifier);
      // Nested namespaces become one schema name: a separate file cannot attach databases for them.
      if (table) await create(flatRelation(identifier), table.scan().sql);
    }
    for (const view of catalog.listViews()) {
      try {
        await create(flatRelation(view), view.sql);
      } catch {
        // A view over a missing relation cannot be bound; leave it out rather than fail the run.
      }
    }
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
  renameSync(building, path);
  rmSync(`${building}.wal`, { force: true });
  return views;
}

function flatRelation(id: { readonly namespace: readonly string[]; readonly name: string }) {
  const relation = relationOf(id);
  return relation.database
    ? { schema: `${relation.database}.${relation.schema}`, identifier: relation.identifier }
    : relation;
}
