import { type DuckDBConnection, DuckDBTypeId } from '@duckdb/node-api';
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
  const query = `SELECT * FROM (\n${await withoutTrailingSemicolons(conn, sql)}\n)`;
  const prepared = await preparedColumns(conn, query);
  if (prepared) return prepared;
  const reader = await conn.runAndReadAll(`DESCRIBE ${query}`);
  return reader
    .getRowObjectsJson()
    .map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}

/**
 * The columns of a query from its prepared statement, which binds it without running anything:
 * about half the work of `DESCRIBE`, which a run pays once per model. Only when every column
 * has a type the statement spells as `DESCRIBE` does (a primitive without an alias such as
 * JSON; nested types quote their field names differently); otherwise, and for a query with
 * parameters (which `DESCRIBE` refuses), undefined. Errors are the binder's, as `DESCRIBE`'s.
 */
async function preparedColumns(conn: DuckDBConnection, query: string): Promise<ColumnType[] | undefined> {
  const prepared = await conn.prepare(query);
  try {
    if (prepared.parameterCount > 0) return undefined;
    const columns: ColumnType[] = [];
    for (let i = 0; i < prepared.columnCount; i++) {
      const type = prepared.columnType(i);
      if (!SPELLED_AS_DESCRIBE.has(type.typeId) || type.alias !== undefined) return undefined;
      columns.push({ name: prepared.columnName(i), type: type.toString() });
    }
    return columns;
  } finally {
    prepared.destroySync();
  }
}

/** Types whose names a prepared statement and `DESCRIBE` spell alike (checked in the tests). */
const SPELLED_AS_DESCRIBE: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.DATE,
  DuckDBTypeId.TIME,
  DuckDBTypeId.TIME_TZ,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.INTERVAL,
  DuckDBTypeId.VARCHAR,
  DuckDBTypeId.BLOB,
  DuckDBTypeId.UUID,
]);

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
