import type { DuckDBConnection } from '@duckdb/node-api';

/** Lower-case names of the aggregate functions the connection knows (built-in and loaded). */
export async function aggregateFunctionNames(conn: DuckDBConnection): Promise<Set<string>> {
  const reader = await conn.runAndReadAll(
    "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type = 'aggregate'",
  );
  return new Set(reader.getRows().map((row) => String(row[0])));
}
