import type { DuckDBConnection } from '@duckdb/node-api';
import type { WarehouseReads } from '../../adapters/duckdb/attach/attach-plan.js';
import { namesIn } from '../../adapters/duckdb/attach/names-in.js';
import { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import type { SourceNode } from '../../model/node.js';
import { engineThreads } from './engine-resources.js';
import { engineSettings, foreignCatalogOpener, sessionDatabases } from './lakehouse.js';
import type { ParsedProject } from '../session/parse.js';

export interface ReadSessionOptions {
  /** Make the tables and views of the warehouse queryable by name. */
  readonly attachWarehouse: boolean;
  /** The SQL the session will run: only the tables and views it reads are attached (default: all). */
  readonly reads?: readonly string[];
  /** Sources to make queryable (before the views, which may read them). */
  readonly sources: readonly SourceNode[];
  /** Last step before `fn`, on the session (e.g. `--defer`'s views of the state's relations). */
  readonly prepare?: (session: LakehouseSession) => Promise<void>;
}

/**
 * Runs `fn` on one connection of a fresh DuckDB session over the warehouse. Nothing is written:
 * tables are views over their files, views are recreated from their SQL (with `reads`, only
 * what that SQL reads), sources are views over their raw files. The session is closed
 * afterwards, whatever happens.
 */
export async function withReadSession<T>(
  parsed: ParsedProject,
  catalog: SqliteCatalog,
  options: ReadSessionOptions,
  fn: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const session = await openReadSession(parsed, catalog);
  try {
    if (options.sources.length > 0) await session.attachSources(options.sources, parsed.project.root);
    if (options.attachWarehouse) await session.attachWarehouse(options.reads && readsOf(options.reads));
    if (options.prepare) await options.prepare(session);
    return await session.pool.withConnection(fn);
  } finally {
    session.close();
  }
}

function readsOf(sqls: readonly string[]): WarehouseReads {
  return { names: new Set(sqls.flatMap((sql) => [...namesIn(sql)])) };
}

/** A DuckDB session of one connection over the warehouse, with the target's engine settings. */
export function openReadSession(parsed: ParsedProject, catalog: SqliteCatalog): Promise<LakehouseSession> {
  return LakehouseSession.open({
    catalog,
    threads: engineThreads(parsed.project.target),
    settings: engineSettings(parsed.project.target),
    connections: 1,
    openForeignCatalog: foreignCatalogOpener(catalog.warehousePath),
    databases: sessionDatabases(parsed.project.target),
  });
}
