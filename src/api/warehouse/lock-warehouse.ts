import type { SqliteCatalog, WarehouseLock } from '../../catalog/index.js';
import type { Reporter } from '../../model/reporter.js';

export interface LockWarehouseOptions {
  /** Shown to whoever waits, e.g. `ldp vacuum (project taxi)`. */
  readonly owner: string;
  /** How long to wait for another command that holds the warehouse (ms). */
  readonly waitMs: number;
  readonly reporter: Reporter;
}

/**
 * Takes the warehouse lock for a command that commits, saying first who holds it when that is
 * another process, so a wait is never silent. `catalog.close()` releases it.
 */
export async function lockWarehouse(
  catalog: SqliteCatalog,
  options: LockWarehouseOptions,
): Promise<WarehouseLock> {
  const holder = catalog.readWarehouseLock();
  if (holder && holder.pid !== process.pid) {
    options.reporter.report({
      kind: 'info',
      message: `waiting for the warehouse: '${holder.owner}' (pid ${holder.pid} on ${holder.host}) holds it since ${holder.acquiredAt}`,
    });
  }
  return catalog.acquireWarehouseLock({ owner: options.owner, waitMs: options.waitMs });
}
