import { type DuckDBConnection, ResultReturnType } from '@duckdb/node-api';
import type { QueryResult, StatementRunner } from '../../template/index.js';

/**
 * Introspective statements of a render (`run_query`, `statement`, `adapter.get_relation`…)
 * run on `conn`: the DuckDB connection of the node as it runs, where the lakehouse's tables,
 * the sources and the tables this run already built are visible. `isTable` tells an Iceberg
 * table (a view in DuckDB) from a real view. `beforeRun` makes what a statement reads queryable.
 */
export function duckdbStatementRunner(
  conn: DuckDBConnection,
  isTable: (schema: string, name: string) => boolean,
  beforeRun?: (conn: DuckDBConnection, sql: string) => Promise<void>,
): StatementRunner {
  return {
    async run(sql: string): Promise<QueryResult> {
      await beforeRun?.(conn, sql);
      const result = await conn.run(sql);
      const rows = await result.getRowsJS();
      const names = result.columnNames();
      const types = result.columnTypes().map(String);
      return {
        columns: names.map((name, i) => ({ name, type: types[i] ?? '' })),
        rows,
        rowsAffected: result.returnType === ResultReturnType.CHANGED_ROWS ? Number(result.rowsChanged) : null,
      };
    },
    isTable,
  };
}
