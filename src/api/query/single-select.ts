import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryErrors } from './query-errors.js';

/** What DuckDB's `json_serialize_sql` returns: the parsed statements, or why it could not. */
interface SerializedSql {
  readonly error: boolean;
  readonly error_type?: string;
  readonly error_message?: string;
  readonly statements?: readonly unknown[];
}

/**
 * Refuses `sql` unless DuckDB's own parser reads it as exactly one SELECT statement (a
 * `WITH … SELECT`, a `UNION`, `FROM t`, `DESCRIBE`/`SUMMARIZE` all parse as one). No pattern
 * matching on the text: `json_serialize_sql` serializes SELECT statements only and fails on
 * anything else (COPY, ATTACH, CREATE, INSERT, SET, PRAGMA, CALL, LOAD…), so what the parser
 * accepts here is what DuckDB will run.
 */
export async function requireSingleSelect(conn: DuckDBConnection, sql: string): Promise<void> {
  const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  const serialized = JSON.parse(String(reader.getRowsJson()[0]?.[0])) as SerializedSql;
  if (serialized.error) {
    if (serialized.error_type === 'parser') throw QueryErrors.notParsed(serialized.error_message ?? '');
    throw QueryErrors.notSelect();
  }
  const count = serialized.statements?.length ?? 0;
  if (count === 0) throw QueryErrors.notParsed('there is no statement');
  if (count > 1) throw QueryErrors.severalStatements(count);
}
