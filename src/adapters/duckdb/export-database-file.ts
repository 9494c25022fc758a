import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../../errors/index.js';
import { openTable } from '../../iceberg/index.js';
import type { WarehouseCatalogPort } from '../../model/iceberg-catalog-port.js';
import { quoteIdentifier, quoteLiteral, relationName } from '../../sql/index.js';
import { DuckDBInstance } from '../../util/duckdb-node-api.js';
import { relationOf } from './lakehouse-session.js';
import { withoutTrailingSemicolons } from './trailing-semicolons.js';

/**
 * Comment ldp puts on every view it creates in the file. It is how ldp knows its own objects:
 * everything else in the file (the user's tables, views, schemas) is never replaced or dropped.
 */
const OWNED = '[ldp] ';

interface Published {
  readonly relation: { readonly schema: string; readonly identifier: string };
  readonly sql: string;
  /** `bronze.orders`: what the view shows, for its comment. */
  readonly label: string;
  /** Catalog views may read relations the file cannot bind: those are left out, not fatal. */
  readonly optional: boolean;
}

interface ExistingObject {
  readonly kind: 'table' | 'view';
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
  readonly sql: string | null;
}

/**
 * Publishes the warehouse into the target's DuckDB database file (dbt-duckdb's `path:`), so the
 * DuckDB CLI or a BI tool can query it: one view per warehouse table (over its current
 * snapshot's files) and per `view` model. The file belongs to the user and is changed in place:
 * ldp creates schemas it needs and creates, replaces or drops only views it created itself. A
 * table or view of the user's that has the name of one of ldp's is refused (`LDP566`) before
 * anything changes. Returns the number of views written.
 */
export async function exportDatabaseFile(catalog: WarehouseCatalogPort, path: string): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const instance = await openInPlace(path);
  try {
    const conn = await instance.connect();
    try {
      return await publish(conn, catalog, path);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function publish(conn: DuckDBConnection, catalog: WarehouseCatalogPort, path: string): Promise<number> {
  const wanted = publishedRelations(catalog);
  const existing = await existingObjects(conn);
  const owned = (object: ExistingObject) => isOwnedView(object, catalog.warehousePath);
  const taken = wanted.flatMap((want) => {
    const found = existing.get(keyOf(want.relation.schema, want.relation.identifier));
    return found && !owned(found) ? [found] : [];
  });
  if (taken.length > 0) throw namesTaken(path, taken);
  const wantedKeys = new Set(wanted.map((w) => keyOf(w.relation.schema, w.relation.identifier)));
  for (const [key, object] of existing)
    if (owned(object) && !wantedKeys.has(key))
      await conn.run(`DROP VIEW IF EXISTS ${qualified(object.schema, object.name)}`);
  const schemas = new Set([...existing.values()].map((o) => o.schema.toLowerCase()));
  let views = 0;
  for (const want of wanted) {
    if (!schemas.has(want.relation.schema.toLowerCase())) {
      await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(want.relation.schema)}`);
      schemas.add(want.relation.schema.toLowerCase());
    }
    if (await createView(conn, want)) views++;
  }
  return views;
}

/** Creates or replaces one of ldp's views and marks it as ldp's; false when an optional one cannot bind. */
async function createView(conn: DuckDBConnection, want: Published): Promise<boolean> {
  const name = relationName(want.relation);
  try {
    await conn.run(
      `CREATE OR REPLACE VIEW ${name} AS (\n${await withoutTrailingSemicolons(conn, want.sql)}\n)`,
    );
  } catch (error) {
    // A view over a missing relation cannot be bound; leave it out rather than fail the run.
    if (want.optional) return false;
    throw error;
  }
  // `CREATE OR REPLACE` drops the comment, so it is set again every time.
  await conn.run(
    `COMMENT ON VIEW ${name} IS ${quoteLiteral(`${OWNED}${want.label}, written by ldp on every run`)}`,
  );
  return true;
}

function publishedRelations(catalog: WarehouseCatalogPort): Published[] {
  const published: Published[] = [];
  for (const { identifier } of catalog.listAllTables()) {
    const table = openTable(catalog, identifier);
    const label = [...identifier.namespace, identifier.name].join('.');
    if (table)
      published.push({ relation: flatRelation(identifier), sql: table.scan().sql, label, optional: false });
  }
  for (const view of catalog.listViews()) {
    const label = [...view.namespace, view.name].join('.');
    published.push({ relation: flatRelation(view), sql: view.sql, label, optional: true });
  }
  return published;
}

/** The file's own tables and views (not those of attached or system databases), by lower-cased name. */
async function existingObjects(conn: DuckDBConnection): Promise<Map<string, ExistingObject>> {
  const reader = await conn.runAndReadAll(
    `SELECT 'table' AS kind, schema_name, table_name AS name, comment, NULL AS sql
       FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal AND NOT temporary
     UNION ALL
     SELECT 'view', schema_name, view_name, comment, sql
       FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND NOT temporary`,
  );
  const objects = new Map<string, ExistingObject>();
  for (const row of reader.getRowObjectsJson()) {
    const object: ExistingObject = {
      kind: row['kind'] === 'view' ? 'view' : 'table',
      schema: String(row['schema_name']),
      name: String(row['name']),
      comment: row['comment'] === null ? null : String(row['comment']),
      sql: row['sql'] === null ? null : String(row['sql']),
    };
    objects.set(keyOf(object.schema, object.name), object);
  }
  return objects;
}

/**
 * A view ldp wrote: it carries ldp's comment, or (files an earlier ldp rebuilt whole, before
 * views were marked) it has no comment and reads this warehouse's files.
 */
function isOwnedView(object: ExistingObject, warehousePath: string): boolean {
  if (object.kind !== 'view') return false;
  if (object.comment?.startsWith(OWNED)) return true;
  return object.comment === null && (object.sql?.includes(`${resolve(warehousePath)}/`) ?? false);
}

async function openInPlace(path: string): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(path);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new LdpError(
      {
        code: 'LDP565',
        message: `cannot open the DuckDB database file ${path}: ${cause}`,
        hint: 'Close other programs that have the file open (e.g. the DuckDB CLI or a BI tool) and run the command again; the file was not changed.',
      },
      { cause: error },
    );
  }
}

function namesTaken(path: string, taken: readonly ExistingObject[]): LdpError {
  const names = taken.map((o) => `${o.kind} ${o.schema}.${o.name}`).join(', ');
  return new LdpError({
    code: 'LDP566',
    message: `the DuckDB database file ${path} has its own ${names}, where ldp would put the view of the warehouse relation of that name; ldp never replaces objects it did not create, so the file was not changed`,
    hint: 'Rename or drop that object in the DuckDB file (it is yours), or give the model another name or schema. If an older ldp wrote it, `DROP VIEW` it once in the DuckDB CLI.',
  });
}

function keyOf(schema: string, name: string): string {
  return JSON.stringify([schema.toLowerCase(), name.toLowerCase()]);
}

function qualified(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

function flatRelation(id: { readonly namespace: readonly string[]; readonly name: string }) {
  const relation = relationOf(id);
  // Nested namespaces become one schema name: a separate file cannot attach databases for them.
  return relation.database
    ? { schema: `${relation.database}.${relation.schema}`, identifier: relation.identifier }
    : relation;
}
