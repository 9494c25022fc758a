import type { DuckDBConnection } from '@duckdb/node-api';
import type { Relation } from '../../model/node.js';
import { quoteIdentifier, relationName } from '../../sql/index.js';
import { withoutTrailingSemicolons } from './trailing-semicolons.js';

export interface ColumnType {
  readonly name: string;
  /** DuckDB's type name, e.g. `BIGINT`, `TIMESTAMP WITH TIME ZONE`, `STRUCT(a INTEGER)`. */
  readonly type: string;
}

/** The columns (names and DuckDB types) a query returns, found by binding it, not running it. */
export async function describeQuery(conn: DuckDBConnection, sql: string): Promise<ColumnType[]> {
  // Wrapped so WITH queries and a trailing `-- comment` describe as well as a plain SELECT.
  const reader = await conn.runAndReadAll(
    `DESCRIBE SELECT * FROM (\n${await withoutTrailingSemicolons(conn, sql)}\n)`,
  );
  return reader
    .getRowObjectsJson()
    .map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}

/** Creates (or replaces) `relation` as a view over `sql`, creating its schema first if needed. */
export async function createOrReplaceView(
  conn: DuckDBConnection,
  relation: Relation,
  sql: string,
): Promise<void> {
  const schema = relation.database
    ? `${quoteIdentifier(relation.database)}.${quoteIdentifier(relation.schema)}`
    : quoteIdentifier(relation.schema);
  await conn.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  // A newline before the closing parenthesis keeps a trailing `-- comment` in `sql` harmless.
  await conn.run(
    `CREATE OR REPLACE VIEW ${relationName(relation)} AS (\n${await withoutTrailingSemicolons(conn, sql)}\n)`,
  );
}

/**
 * The columns of a view as DuckDB recorded them when it was created, read from the catalog
 * without binding the view again (`DESCRIBE` would bind its whole upstream tree once more).
 * A column of DuckDB's `NULL` type is reported as `INTEGER`, as `DESCRIBE` reports it.
 */
export async function createdViewColumns(conn: DuckDBConnection, relation: Relation): Promise<ColumnType[]> {
  const reader = await conn.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns()
     WHERE lower(database_name) = lower(coalesce($1, current_database()))
       AND lower(schema_name) = lower($2) AND lower(table_name) = lower($3)
     ORDER BY column_index`,
    [relation.database ?? null, relation.schema, relation.identifier],
  );
  return reader.getRowObjectsJson().map((row) => ({
    name: String(row['column_name']),
    type: String(row['data_type']).replaceAll('"NULL"', 'INTEGER'),
  }));
}
