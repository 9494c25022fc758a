import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogView } from '../../../model/iceberg-catalog-port.js';
import type { Relation } from '../../../model/node.js';
import { relationName } from '../../../sql/index.js';
import { withoutTrailingSemicolons } from '../trailing-semicolons.js';

/** What creating stored views needs from the session. */
export interface StoredViewTarget {
  readonly relationOf: (view: CatalogView) => Relation;
  readonly ensureSchema: (conn: DuckDBConnection, relation: Relation) => Promise<void>;
}

/**
 * Creates stored views (in dependency order) in two passes, so that no view binds more than its
 * own SQL. DuckDB binds a view when it is created, and binding a view that reads views expands
 * their SQL, and theirs, down to the tables: created one after the other, a view over a deep DAG
 * of views costs its whole upstream tree, and a DAG of them costs far more than its size.
 * Instead, each view first becomes an empty table of its own columns (`CREATE TABLE … AS … LIMIT
 * 0`, bound against the empty tables of the views it reads: this checks the SQL and its inputs);
 * then, from the last view back to the first, each empty table is replaced by the view, which
 * binds against the empty tables still standing for the views it reads. DuckDB 1.5 binds a view
 * again whenever a query reads it, so what it saw at creation never reaches a query. A view whose
 * SQL does not bind (its inputs are gone) stays missing, as do the views that read it; the steps
 * that read them report the error. Returns the views created.
 */
export async function createStoredViews(
  conn: DuckDBConnection,
  views: readonly CatalogView[],
  target: StoredViewTarget,
): Promise<CatalogView[]> {
  const standIns: { view: CatalogView; name: string; sql: string }[] = [];
  for (const view of views) {
    const relation = target.relationOf(view);
    const name = relationName(relation);
    try {
      await target.ensureSchema(conn, relation);
      const sql = await withoutTrailingSemicolons(conn, view.sql);
      await conn.run(`DROP VIEW IF EXISTS ${name}`);
      await conn.run(`CREATE TABLE ${name} AS (\n${sql}\n) LIMIT 0`);
      standIns.push({ view, name, sql });
    } catch {
      // Missing inputs: the view stays missing, and so do the views that read it.
    }
  }
  const created: CatalogView[] = [];
  for (const { view, name, sql } of standIns.reverse()) {
    try {
      await conn.run(`DROP TABLE ${name}`);
      await conn.run(`CREATE VIEW ${name} AS (\n${sql}\n)`);
      created.push(view);
    } catch {
      // It bound a moment ago against the same inputs; should it not now, it stays missing.
    }
  }
  return created.reverse();
}
