import type { DuckDBConnection } from '@duckdb/node-api';
import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import { LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import { renderWithWarehouse, WAREHOUSE_PORT } from '../../template/index.js';
import { duckdbStatementRunner, warehouseDrop } from '../compile/statement-runner.js';
import { operationArgs, operationMacro } from '../operation/operation-args.js';
import { operationRelations } from '../operation/operation-context.js';
import type { ProjectOptions } from '../session/options.js';
import { parse } from '../session/parse.js';
import { openSession, openWarehouseCatalog } from '../warehouse/lakehouse.js';
import { lockWarehouse } from '../warehouse/lock-warehouse.js';

export interface RunOperationOptions extends ProjectOptions {
  /** The macro to call: `name`, or `namespace.name`. */
  readonly macro: string;
  /** Its keyword arguments as YAML or JSON text (`--args`). */
  readonly args?: string;
  /** How long to wait for another command that holds the warehouse (ms, default 60 s). */
  readonly lockWaitMs?: number;
}

export interface RunOperationResult {
  readonly macro: string;
  /** What the macro returned (`{{ return(…) }}`), else its rendered text. */
  readonly returned: unknown;
}

/**
 * `ldp run-operation <macro> --args '{…}'`: calls a macro with `execute` true against the
 * lakehouse, as dbt does for grants, maintenance and staging. Its statements (`run_query`,
 * `{% call statement %}`) run in a DuckDB session over the warehouse and the project's sources,
 * while the command holds the warehouse lock, so no build interleaves with them.
 */
export async function runOperation(options: RunOperationOptions): Promise<RunOperationResult> {
  const args = operationArgs(options.args);
  const parsed = await parse(options);
  const macro = operationMacro(parsed.templates.engine, options.macro);
  parsed.templates.facts.command = 'run-operation';
  if (parsed.project.target.type === 'bigquery') {
    const { runOperationOnBigQuery } = await import('./run-operation-bigquery.js');
    return runOperationOnBigQuery(parsed, macro, args);
  }
  const catalog = openWarehouseCatalog(parsed.project.target, options.clock);
  let session: LakehouseSession | undefined;
  try {
    await lockWarehouse(catalog, {
      owner: `ldp run-operation ${macro.name} (project ${parsed.project.config.name})`,
      waitMs: options.lockWaitMs ?? 60_000,
      reporter: parsed.reporter,
    });
    session = await openSession(catalog, parsed.project.target, { attachWarehouse: false });
    await attachReadableSources(
      session,
      parsed.project.root,
      sourcesOf(parsed.manifest.nodes.values()),
      parsed,
    );
    await session.attachWarehouse();
    const isTable = (schema: string, name: string) => catalog.tableExists({ namespace: [schema], name });
    const open = session;
    const relations = operationRelations(parsed.manifest, undefined, parsed.project.target.database);
    const returned = await open.pool.withConnection(async (conn) => {
      const before = await sessionTables(conn);
      const value = await renderWithWarehouse(
        (port) =>
          parsed.templates.engine.callMacro(
            macro.name,
            [{ ...args, __keywords: true }],
            { ...parsed.templates.base, ...relations, execute: true, [WAREHOUSE_PORT]: port },
            macro.packageName,
          ),
        duckdbStatementRunner(conn, isTable, { drop: warehouseDrop(catalog) }),
      );
      const created = (await sessionTables(conn)).filter((name) => !before.includes(name));
      if (created.length > 0) throw tablesNotKept(macro.name, created);
      return value;
    });
    return { macro: macro.name, returned };
  } finally {
    session?.close();
    catalog.close();
  }
}

/** The tables of the DuckDB session itself (not the lakehouse's, which DuckDB sees as views). */
async function sessionTables(conn: DuckDBConnection): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    "select schema_name || '.' || table_name from duckdb_tables() where not internal and database_name <> 'temp'",
  );
  return reader.getRows().map((row) => String(row[0]));
}

/**
 * A macro that creates tables with plain SQL (`create table …`) writes them into the DuckDB
 * session of the command, which ends with it: the lakehouse holds only tables ldp writes as
 * Iceberg tables. Said clearly instead of reporting success for tables that are gone.
 */
function tablesNotKept(macro: string, created: readonly string[]): LdpError {
  return new LdpError({
    code: 'LDP240',
    message: `run-operation ${macro} created ${created.length === 1 ? 'table' : 'tables'} ${created.join(', ')} with SQL; ldp does not keep tables made that way (only in the command's DuckDB session, which is gone when it ends)`,
    hint: 'Build the table as a model or seed (ldp run / ldp seed), or write files with COPY … TO; use a temporary table for work inside the macro.',
  });
}

function sourcesOf(nodes: Iterable<{ resourceType: string }>): SourceNode[] {
  return [...nodes].filter((node): node is SourceNode => node.resourceType === 'source');
}

/** Sources whose files cannot be read are left out with a warning: the macro may not need them. */
async function attachReadableSources(
  session: LakehouseSession,
  root: string,
  sources: readonly SourceNode[],
  parsed: { readonly reporter: { report(event: { kind: 'diagnostic'; diagnostic: LdpError }): void } },
): Promise<void> {
  for (const source of sources) {
    try {
      await session.attachSources([source], root);
    } catch (error) {
      if (!(error instanceof LdpError)) throw error;
      parsed.reporter.report({
        kind: 'diagnostic',
        diagnostic: new LdpError({ ...error.toInit(), severity: 'warning' }),
      });
    }
  }
}
