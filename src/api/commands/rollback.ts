import { rollbackTargetError, rollbackToPreviousMetadata } from '../inspect/rollback-previous-metadata.js';
import { type RollbackOptions, type RollbackResult, withRollbackTarget } from '../inspect/rollback-target.js';
import { parseSnapshotId, requireSnapshot } from '../inspect/snapshot-choice.js';
import { findStoredRelation, requireTable, tableLabel } from '../warehouse/stored-relation.js';

/**
 * `ldp rollback <model> --to <snapshot>`: makes an earlier snapshot current again, as a new
 * metadata commit, so the history (including the snapshots rolled past) stays and the rollback
 * can itself be undone. Holds the warehouse lock, so it never lands in the middle of a run.
 */
export async function rollback(options: RollbackOptions): Promise<RollbackResult> {
  if (options.toPreviousMetadata === true) {
    if (options.to !== undefined) throw rollbackTargetError('not both');
    return rollbackToPreviousMetadata(options);
  }
  if (options.to === undefined) throw rollbackTargetError('neither');
  const to = parseSnapshotId(options.to);
  return withRollbackTarget(options, ({ parsed, node, catalog }) => {
    // Loaded under the lock: the history includes every commit that finished before.
    const now = options.clock ? () => options.clock!().getTime() : undefined;
    const found = findStoredRelation(catalog, node, now);
    const table = requireTable(found, node);
    requireSnapshot(table, to, node);
    const from = table.currentSnapshot?.['snapshot-id'].toString();
    const result = {
      table: tableLabel(found.id),
      ...(from === undefined ? {} : { from }),
      to: to.toString(),
    };
    if (from === result.to) {
      parsed.reporter.report({ kind: 'info', message: `${result.table} is at snapshot ${from} already` });
      return { ...result, changed: false };
    }
    table.rollbackTo(to);
    parsed.reporter.report({
      kind: 'info',
      message: `Rolled back ${result.table} from snapshot ${from ?? '(none)'} to ${result.to}`,
    });
    return { ...result, changed: true };
  });
}

export type { RollbackOptions, RollbackResult };
