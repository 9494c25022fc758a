import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqliteCatalog } from '../../catalog/index.js';
import { quoteIdentifier } from '../../sql/index.js';
import type { QueryResult, StatementRunner } from '../../template/index.js';
import { ResultReturnType } from '../../util/duckdb-node-api.js';

/** Drops a relation of the warehouse on `conn` (`adapter.drop_relation`). */
export type WarehouseDrop = (conn: DuckDBConnection, schema: string, name: string) => Promise<void>;

/**
 * `adapter.drop_relation` as dbt does it, on the lakehouse: a table leaves the catalog with its
 * files, a view model its catalog record, and the session's view of either goes; a relation that
 * does not exist is no error (dbt drops `if exists`).
 */
export function warehouseDrop(catalog: SqliteCatalog): WarehouseDrop {
  return async (conn, schema, name) => {
    const id = { namespace: [schema], name };
    if (catalog.tableExists(id)) catalog.dropTable(id, { purge: true });
    else if (catalog.loadView(id)) catalog.dropView(id);
    await conn.run(`DROP VIEW IF EXISTS ${quoteIdentifier(schema)}.${quoteIdentifier(name)}`);
  };
}

export interface StatementRunnerOptions {
  /** Makes what a statement reads queryable first (attaches the stored views it names). */
  readonly beforeRun?: (conn: DuckDBConnection, sql: string) => Promise<void>;
  /** How `adapter.drop_relation` drops; without it, dropping is not offered. */
  readonly drop?: WarehouseDrop;
}

/**
 * Introspective statements of a render (`run_query`, `statement`, `adapter.get_relation`…)
 * run on `conn`: the DuckDB connection of the node as it runs, where the lakehouse's tables,
 * the sources and the tables this run already built are visible. `isTable` tells an Iceberg
 * table (a view in DuckDB) from a real view.
 */
export function duckdbStatementRunner(
  conn: DuckDBConnection,
  isTable: (schema: string, name: string) => boolean,
  options: StatementRunnerOptions = {},
): StatementRunner {
  const { beforeRun, drop } = options;
  return {
    ...(drop ? { dropRelation: (schema: string, name: string) => drop(conn, schema, name) } : {}),
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
