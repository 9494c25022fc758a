import type { SqliteCatalog } from '../../catalog/index.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import type { ProjectOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import { buildCommandFor, nodeLabel, resolveStoredNode, type StoredNode } from '../session/resolve-node.js';
import { lockWarehouse } from '../warehouse/lock-warehouse.js';
import { openBuiltCatalogForWriting } from '../warehouse/stored-relation.js';

export interface RollbackOptions extends ProjectOptions {
  /** The model, seed or snapshot whose table to roll back. */
  readonly model: string;
  /** The snapshot id to make current again (`ldp snapshots <model>` lists them). */
  readonly to?: string;
  /**
   * Instead of `to`: point the table back at the metadata file of the commit before, for a table
   * whose current metadata file is missing or damaged (the last commit is lost).
   */
  readonly toPreviousMetadata?: boolean;
  /** How long to wait for another command that holds the warehouse (ms, default 60 s). */
  readonly lockWaitMs?: number;
}

export interface RollbackResult {
  /** `bronze.bronze_trips`. */
  readonly table: string;
  /** The snapshot that was current before; undefined for a table that had none. */
  readonly from?: string;
  readonly to: string;
  /** False when `to` was current already (nothing was committed). */
  readonly changed: boolean;
}

/** What both kinds of rollback work on: the project, the model and its warehouse, locked. */
export interface RollbackTarget {
  readonly parsed: ParsedProject;
  readonly node: StoredNode;
  readonly catalog: SqliteCatalog;
}

/**
 * Parses the project, resolves the model, opens its warehouse for writing and takes the
 * warehouse lock, so a rollback never lands in the middle of a run; `fn` runs under the lock and
 * the catalog is closed afterwards, whatever happens.
 */
export async function withRollbackTarget<T>(
  options: RollbackOptions,
  fn: (target: RollbackTarget) => T | Promise<T>,
): Promise<T> {
  const parsed = await parse(options);
  const node = resolveStoredNode(parsed, { select: [options.model] });
  const catalog = openBuiltCatalogForWriting(parsed.project.target, options.clock);
  if (!catalog) throw InspectErrors.notBuilt(nodeLabel(node), buildCommandFor(node));
  try {
    await lockWarehouse(catalog, {
      owner: `ldp rollback (project ${parsed.project.config.name})`,
      waitMs: options.lockWaitMs ?? 60_000,
      reporter: parsed.reporter,
    });
    return await fn({ parsed, node, catalog });
  } finally {
    catalog.close();
  }
}
