import { tableIdOf } from '../../adapters/duckdb/lakehouse-session.js';
import { parseDuration } from '../../config/retention.js';
import { assertTableInWarehouse, openTable } from '../../iceberg/index.js';
import type { TableIdentifier } from '../../model/iceberg-catalog-port.js';
import type { Project } from '../../model/project.js';
import { type Reporter, silentReporter } from '../../model/reporter.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import { type VacuumSettings, type VacuumTableResult, vacuumTable } from '../inspect/vacuum-table.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions, SelectionOptions } from '../session/options.js';
import { parse } from '../session/parse.js';
import { selectStoredNodes } from '../session/resolve-node.js';
import { lockWarehouse } from '../warehouse/lock-warehouse.js';
import { openBuiltCatalogForWriting, tableLabel } from '../warehouse/stored-relation.js';

export type { VacuumTableResult } from '../inspect/vacuum-table.js';

export interface VacuumOptions extends ProjectOptions, SelectionOptions {
  /** Report what would be removed; delete nothing. */
  readonly dryRun?: boolean;
  /** Expire snapshots older than this duration (`7d`, `36h`); default: `retention.snapshots_max_age`. */
  readonly olderThan?: string;
  /** Always keep this many newest snapshots per table; default: `retention.min_snapshots`. */
  readonly retainLast?: number;
  /** How long to wait for another command that holds the warehouse (ms, default 60 s). */
  readonly lockWaitMs?: number;
}

export interface VacuumResult {
  readonly dryRun: boolean;
  readonly tables: readonly VacuumTableResult[];
  readonly totals: Omit<VacuumTableResult, 'table'>;
}

const COLUMNS = ['table', 'snapshots_expired', 'files_expired', 'orphan_files', 'freed_bytes'];

/**
 * `ldp vacuum`: applies the project's `retention:` to every table of the warehouse (or the
 * selected nodes' tables): expires old snapshots, deletes the files only they reached, then
 * deletes orphan files older than the orphan window. Holds the warehouse lock throughout.
 */
export async function vacuum(options: VacuumOptions): Promise<VacuumResult> {
  const reporter = options.reporter ?? silentReporter;
  const selecting = (options.select?.length ?? 0) > 0 || options.selector !== undefined;
  const { project, ids } = selecting
    ? await selectedTables(options)
    : { project: await loadProjectOnly(options) };
  const now = (options.clock ?? (() => new Date()))().getTime();
  const settings = vacuumSettings(project, options, now);
  const catalog = openBuiltCatalogForWriting(project.target, options.clock);
  if (!catalog) return finish(reporter, settings, []);
  try {
    await lockWarehouse(catalog, {
      owner: `ldp vacuum (project ${project.config.name})`,
      waitMs: options.lockWaitMs ?? 60_000,
      reporter,
    });
    const opened = (ids ?? catalog.listAllTables().map((t) => t.identifier)).flatMap((id) => {
      const table = openTable(catalog, id, { now: () => now });
      return table ? [table] : [];
    });
    // Checked for every table before any is touched (dry runs too): a copied project's catalog
    // names the original's files, and a partial vacuum would leave both half cleaned.
    for (const table of opened) assertTableInWarehouse(catalog, table.id, table.metadata);
    const tables = opened.map((table) => vacuumTable(table, tableLabel(table.id), settings));
    return finish(reporter, settings, tables);
  } finally {
    catalog.close();
  }
}

/** The selected models', seeds' and snapshots' catalog identifiers (views are skipped later). */
async function selectedTables(options: VacuumOptions): Promise<{ project: Project; ids: TableIdentifier[] }> {
  const parsed = await parse(options);
  const nodes = selectStoredNodes(parsed, options);
  if (nodes.length === 0) {
    const selection = [...(options.select ?? []), ...(options.selector ? [options.selector] : [])].join(' ');
    throw InspectErrors.noMatch(selection, undefined);
  }
  return { project: parsed.project, ids: nodes.map((node) => tableIdOf(node.relation)) };
}

/** The project's retention, with the command's flags taking precedence, as absolute times. */
function vacuumSettings(project: Project, options: VacuumOptions, now: number): VacuumSettings {
  const retention = project.config.retention;
  let maxAgeMs = retention.maxSnapshotAgeMs;
  if (options.olderThan !== undefined) {
    const parsed = parseDuration(options.olderThan);
    if (parsed === undefined)
      throw InspectErrors.invalidOption(
        `'${options.olderThan}' is not a duration`,
        'Write a duration such as 7d, 36h, 30 days or 2 weeks.',
      );
    maxAgeMs = parsed;
  }
  const retainLast = options.retainLast ?? retention.minSnapshotsToKeep;
  if (!Number.isInteger(retainLast) || retainLast < 1)
    throw InspectErrors.invalidOption(
      `the number of snapshots to retain must be a whole number ≥ 1, got ${retainLast}`,
      'The current snapshot is always kept; use e.g. --retain-last 1.',
    );
  return {
    expireBeforeMs: now - maxAgeMs,
    retainLast,
    orphansBeforeMs: now - retention.orphanFileMinAgeMs,
    dryRun: options.dryRun ?? false,
  };
}

function finish(reporter: Reporter, settings: VacuumSettings, tables: VacuumTableResult[]): VacuumResult {
  const totals = {
    expiredSnapshots: sum(tables, (t) => t.expiredSnapshots),
    expiredFiles: sum(tables, (t) => t.expiredFiles),
    orphanFiles: sum(tables, (t) => t.orphanFiles),
    freedBytes: sum(tables, (t) => t.freedBytes),
  };
  if (tables.length > 0) {
    const rows = tables.map((t) => [
      t.table,
      t.expiredSnapshots,
      t.expiredFiles,
      t.orphanFiles,
      t.freedBytes,
    ]);
    reporter.report({ kind: 'table', columns: COLUMNS, rows });
  }
  const verb = settings.dryRun ? 'Would expire' : 'Expired';
  const files = totals.expiredFiles + totals.orphanFiles;
  reporter.report({
    kind: 'info',
    message: `${verb} ${totals.expiredSnapshots} snapshots in ${tables.length} tables and ${settings.dryRun ? 'delete' : 'deleted'} ${files} files (${totals.orphanFiles} orphans, ${formatBytes(totals.freedBytes)})${settings.dryRun ? '; nothing was deleted (dry run)' : ''}`,
  });
  return { dryRun: settings.dryRun, tables, totals };
}

function sum(tables: readonly VacuumTableResult[], pick: (t: VacuumTableResult) => number): number {
  return tables.reduce((total, t) => total + pick(t), 0);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
