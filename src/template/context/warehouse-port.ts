import { LdpError } from '../../errors/index.js';

/** What one statement gave: its columns with DuckDB type names, its rows, rows changed. */
export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  /** Rows inserted, updated or deleted (a DML statement), else null. */
  readonly rowsAffected: number | null;
}

/**
 * The warehouse as introspective builtins see it while a node renders with `execute` true. The
 * render that has one is the render of a node as it runs (or of `ldp compile`, `ldp
 * run-operation`), on the DuckDB session of the lakehouse; a render without one cannot read
 * the warehouse (`warehouseNeeded`).
 */
export interface WarehousePort {
  /** Runs one statement; may throw `RenderSuspended` (the answer comes on the next pass). */
  query(sql: string, call: string): QueryResult;
  /**
   * `adapter.drop_relation`: removes `schema.name` from the warehouse (a table from the catalog
   * with its files, a view), once however many passes the render takes.
   */
  dropRelation(schema: string, name: string, call: string): void;
  /** Whether `schema.name` is a lakehouse table (an Iceberg table shows as a view in DuckDB). */
  isTable(schema: string, name: string): boolean;
  /** `{% call statement('name') %}` results of this render, for `load_result('name')`. */
  readonly results: Map<string, unknown>;
  /** `log()`, `print()`, `exceptions.warn()`: emitted once the render is final, never twice. */
  output(emit: () => void): void;
}

/** The key of a render context that holds its `WarehousePort` (invisible to templates). */
export const WAREHOUSE_PORT: unique symbol = Symbol('ldp.warehouse');

/** The port of a render context, if it has one. */
export function warehousePortOf(
  context: Readonly<Record<string, unknown>> | undefined,
): WarehousePort | undefined {
  return (context as Record<symbol, WarehousePort | undefined> | undefined)?.[WAREHOUSE_PORT];
}

/**
 * An introspective call where no warehouse is at hand (a project hook, an inline query…). The
 * compile of a node turns it into "render when the node runs" instead (see `compileGraph`).
 */
export function warehouseNeeded(call: string): LdpError {
  return new LdpError({
    code: 'LDP230',
    message: `${call} reads the warehouse, which is not open for this render`,
    hint: 'Introspective calls run when a node compiles or runs (ldp compile, run, build, run-operation); guard others with {% if execute %}.',
  });
}

/** A statement of an introspective call failed in DuckDB. */
export function statementFailed(call: string, sql: string, cause: string): LdpError {
  const shown = sql.trim().length > 300 ? `${sql.trim().slice(0, 300)}…` : sql.trim();
  return new LdpError({
    code: 'LDP231',
    message: `${call} failed: ${cause}`,
    hint: `The statement was:\n${shown}`,
  });
}
