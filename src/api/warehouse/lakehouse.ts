import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionDatabases } from '../../adapters/duckdb/attached-databases.js';
import { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import { openCatalog, type SqliteCatalog } from '../../catalog/index.js';
import { LdpError } from '../../errors/index.js';
import type { IcebergCatalogPort } from '../../model/iceberg-catalog-port.js';
import type { ResolvedTarget } from '../../model/project.js';
import { defaultMemoryLimit, engineThreads } from './engine-resources.js';

/**
 * Opens the target's catalog for writing (creating the warehouse folder). Only the embedded
 * DuckDB + Iceberg target runs locally; other adapter types are refused with a clear message.
 */
export function openWarehouseCatalog(target: ResolvedTarget, clock?: () => Date): SqliteCatalog {
  requireLocalTarget(target);
  return openLocalCatalog(target, clock);
}

/**
 * Opens the local catalog of any target for writing. A BigQuery target's tables live in
 * BigQuery, but its run records and lineage are kept here, beside the project, as for local runs.
 */
export function openLocalCatalog(target: ResolvedTarget, clock?: () => Date): SqliteCatalog {
  mkdirSync(target.warehousePath, { recursive: true });
  return openCatalog({
    warehousePath: target.warehousePath,
    path: target.catalogPath,
    catalogName: target.catalogName,
    ...(clock ? { clock } : {}),
  });
}

/**
 * An empty catalog for a target whose warehouse does not exist yet (`ldp compile --defer` of a
 * fresh clone): in a temporary folder, so the project's warehouse is not created by a compile.
 * `close()` also removes the folder.
 */
export function openEmptyCatalog(target: ResolvedTarget): { catalog: SqliteCatalog; close(): void } {
  requireLocalTarget(target);
  const dir = mkdtempSync(join(tmpdir(), 'ldp-empty-catalog-'));
  const catalog = openCatalog({
    warehousePath: target.warehousePath,
    path: join(dir, 'catalog.db'),
    catalogName: target.catalogName,
  });
  return {
    catalog,
    close: () => {
      catalog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the catalog read-only, or returns undefined when the warehouse has none yet. */
export function openWarehouseCatalogForReading(target: ResolvedTarget): SqliteCatalog {
  requireLocalTarget(target);
  return openCatalog({
    warehousePath: target.warehousePath,
    path: target.catalogPath,
    catalogName: target.catalogName,
    readOnly: true,
  });
}

/**
 * A DuckDB session over the warehouse with `threads` connections. Sources are attached by the
 * caller; one that attaches them before the warehouse passes `attachWarehouse: false` and calls
 * `session.attachWarehouse()` afterwards, so stored views that read sources can be recreated.
 */
export async function openSession(
  catalog: SqliteCatalog,
  target: ResolvedTarget,
  options: { readonly attachWarehouse?: boolean } = {},
): Promise<LakehouseSession> {
  const session = await LakehouseSession.open({
    catalog,
    threads: engineThreads(target),
    connections: target.threads,
    settings: engineSettings(target),
    openForeignCatalog: foreignCatalogOpener(catalog.warehousePath),
    databases: sessionDatabases(target),
  });
  try {
    if (options.attachWarehouse ?? true) await session.attachWarehouse();
    return session;
  } catch (error) {
    session.close();
    throw error;
  }
}

/** The target's `attach:` databases and `path:` file (named as dbt-duckdb names it). */
export function sessionDatabases(target: ResolvedTarget): SessionDatabases {
  return {
    attachments: target.attachments ?? [],
    ...(target.duckdbPath ? { databaseFile: { path: target.duckdbPath, alias: target.database } } : {}),
  };
}

/**
 * DuckDB settings of the target (`settings:` in the profile, as dbt-duckdb has them), as the
 * strings DuckDB takes at start-up. By default DuckDB may take 80% of the machine's memory; ldp
 * bounds it by the session's worker threads (`defaultMemoryLimit`) and spills to the warehouse's
 * `.duckdb_tmp` instead.
 */
export function engineSettings(target: ResolvedTarget): Record<string, string> {
  const settings = target.raw['settings'];
  const configured =
    settings !== null && typeof settings === 'object'
      ? Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)]))
      : {};
  return {
    memory_limit: defaultMemoryLimit(engineThreads(target)),
    temp_directory: join(target.warehousePath, '.duckdb_tmp'),
    ...configured,
  };
}

/**
 * Opens other catalogs read-only, once each; a catalog name that is not given is taken from the
 * file when it holds exactly one.
 */
export function foreignCatalogOpener(warehousePath: string) {
  const opened = new Map<string, IcebergCatalogPort>();
  return (path: string, name: string | undefined): IcebergCatalogPort => {
    const key = `${path}\u0000${name ?? ''}`;
    let catalog = opened.get(key);
    if (!catalog) {
      const probe = openCatalog({ warehousePath, path, readOnly: true });
      const catalogName = name ?? onlyCatalogName(probe, path);
      probe.close();
      catalog = openCatalog({ warehousePath, path, readOnly: true, catalogName });
      opened.set(key, catalog);
    }
    return catalog;
  };
}

function onlyCatalogName(catalog: SqliteCatalog, path: string): string {
  const rows = catalog.db.prepare('SELECT DISTINCT catalog_name AS name FROM iceberg_tables').all() as {
    name: string;
  }[];
  if (rows.length === 1) return rows[0]!.name;
  throw new LdpError({
    code: 'LDP413',
    message: `the Iceberg catalog ${path} holds ${rows.length === 0 ? 'no tables' : `several catalogs (${rows.map((r) => r.name).join(', ')})`}`,
    hint: 'Set options.catalog_name on the source to the catalog to read.',
  });
}

function requireLocalTarget(target: ResolvedTarget): void {
  if (target.type === 'duckdb') return;
  throw new LdpError({
    code: 'LDP404',
    message: `target '${target.name}' is of type ${target.type}, which this ldp cannot run yet`,
    hint: 'Use a duckdb target (or no profile: the embedded default) to build the local lakehouse.',
  });
}
