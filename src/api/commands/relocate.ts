import { resolve } from 'node:path';
import { LdpError } from '../../errors/index.js';
import {
  fromUri,
  isInsideFolder,
  locationMap,
  planRelocation,
  relocateTable,
  type TableRelocation,
  tailUnder,
  warehouseRootOf,
} from '../../iceberg/index.js';
import type { TableIdentifier } from '../../model/iceberg-catalog-port.js';
import { type Reporter, silentReporter } from '../../model/reporter.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { lockWarehouse } from '../warehouse/lock-warehouse.js';
import { openBuiltCatalogForWriting, tableLabel } from '../warehouse/stored-relation.js';

export interface RelocateOptions extends ProjectOptions {
  /** Report what would change; write nothing. */
  readonly dryRun?: boolean;
  /**
   * The warehouse folder the tables were copied from (relative to the working directory).
   * Default: read off each table's catalog
   * row (ldp's layout `<warehouse>/<namespace>/<table>`).
   */
  readonly from?: string;
  /** How long to wait for another command that holds the warehouse (ms, default 60 s). */
  readonly lockWaitMs?: number;
}

/** One table that was (or, in a dry run, would be) pointed at the copied files. */
export interface RelocatedTable {
  /** `bronze.orders`. */
  readonly table: string;
  /** The table folder the catalog named before (the original's). */
  readonly from: string;
  /** The table folder in this warehouse. */
  readonly to: string;
  /** Snapshots whose manifest lists were rewritten (all kept ones: time travel keeps working). */
  readonly snapshots: number;
}

export interface RelocateResult {
  readonly dryRun: boolean;
  readonly warehouse: string;
  readonly tables: readonly RelocatedTable[];
  /** Tables already stored inside this warehouse, left alone. */
  readonly unchanged: number;
}

/**
 * `ldp relocate`: after a project folder was copied or moved, its catalog still names the
 * original's files (Iceberg locations are absolute). For every table stored outside this
 * target's warehouse, writes new metadata (metadata file, manifest lists, manifests) under the
 * copied table folder with every path rewritten, and swaps the catalog row to it. Data files are
 * not copied (they are in the copied folder already), and no existing file is changed or deleted.
 * Every table is checked before any is changed; the warehouse lock is held throughout.
 */
export async function relocate(options: RelocateOptions): Promise<RelocateResult> {
  const reporter = options.reporter ?? silentReporter;
  const project = await loadProjectOnly(options);
  const warehouse = resolve(project.target.warehousePath);
  const dryRun = options.dryRun ?? false;
  const catalog = openBuiltCatalogForWriting(project.target, options.clock);
  if (!catalog) return report(reporter, { dryRun, warehouse, tables: [], unchanged: 0 });
  try {
    await lockWarehouse(catalog, {
      owner: `ldp relocate (project ${project.config.name})`,
      waitMs: options.lockWaitMs ?? 60_000,
      reporter,
    });
    const from = options.from === undefined ? undefined : resolve(options.from);
    const rows = catalog.listAllTables();
    const foreign = rows.filter((row) => !isInsideFolder(warehouse, fromUri(row.metadataLocation)));
    const plans = foreign.map((row) => {
      const map = locationMap(oldRoot(row.identifier, row.metadataLocation, from), warehouse);
      return { plan: planRelocation(row.identifier, row.metadataLocation, map), map };
    });
    const tables = plans.map(({ plan }) => relocationRow(plan));
    if (!dryRun) {
      const now = (options.clock ?? (() => new Date()))().getTime();
      for (const { plan, map } of plans) relocateTable(catalog, plan, map, now);
    }
    return report(reporter, { dryRun, warehouse, tables, unchanged: rows.length - foreign.length });
  } finally {
    catalog.close();
  }
}

function oldRoot(id: TableIdentifier, metadataLocation: string, from: string | undefined): string {
  if (from !== undefined) {
    if (tailUnder(from, metadataLocation) !== undefined) return from;
    throw notUnder(id, metadataLocation, `is not inside --from ${from}`);
  }
  const root = warehouseRootOf(id, metadataLocation);
  if (root !== undefined) return root;
  throw notUnder(
    id,
    metadataLocation,
    'does not follow the layout <warehouse>/<namespace>/<table>/metadata/',
  );
}

function notUnder(id: TableIdentifier, metadataLocation: string, why: string): LdpError {
  return new LdpError({
    code: 'LDP564',
    message: `cannot tell where table ${tableLabel(id)} was copied from: its metadata file ${fromUri(metadataLocation)} ${why}`,
    hint: 'Pass the warehouse folder the project was copied from with `--from <folder>`. Nothing was changed.',
  });
}

function relocationRow(plan: TableRelocation): RelocatedTable {
  return {
    table: tableLabel(plan.id),
    from: fromUri(plan.metadata.location),
    to: plan.folder,
    snapshots: plan.metadata.snapshots.length,
  };
}

function report(reporter: Reporter, result: RelocateResult): RelocateResult {
  if (result.tables.length > 0) {
    reporter.report({
      kind: 'table',
      columns: ['table', 'from', 'to', 'snapshots'],
      rows: result.tables.map((t) => [t.table, t.from, t.to, t.snapshots]),
    });
  }
  const verb = result.dryRun ? 'Would relocate' : 'Relocated';
  reporter.report({
    kind: 'info',
    message: `${verb} ${result.tables.length} tables into ${result.warehouse} (${result.unchanged} already there)${result.dryRun ? '; nothing was changed (dry run)' : ''}`,
  });
  return result;
}
