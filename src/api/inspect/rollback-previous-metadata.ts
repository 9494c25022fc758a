import { tableIdOf } from '../../adapters/duckdb/lakehouse-session.js';
import { LdpError } from '../../errors/index.js';
import { restorePreviousMetadata } from '../../iceberg/index.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import { buildCommandFor, nodeLabel } from '../session/resolve-node.js';
import { tableLabel } from '../warehouse/stored-relation.js';
import type { RollbackOptions, RollbackResult } from './rollback-target.js';
import { withRollbackTarget } from './rollback-target.js';

/**
 * `ldp rollback <model> --to-previous-metadata`: the way back for a table whose current
 * metadata file was deleted or damaged. The catalog row is swapped (compare-and-swap, under the
 * warehouse lock) to its previous_metadata_location, so the commit before becomes current again.
 * Unlike `--to <snapshot>` this cannot write a new commit: there is no readable metadata to
 * build it on.
 */
export async function rollbackToPreviousMetadata(options: RollbackOptions): Promise<RollbackResult> {
  return withRollbackTarget(options, ({ parsed, node, catalog }) => {
    const id = tableIdOf(node.relation);
    if (!catalog.tableExists(id)) {
      if (catalog.loadView(id)) throw InspectErrors.noHistory(nodeLabel(node));
      throw InspectErrors.notBuilt(nodeLabel(node), buildCommandFor(node));
    }
    const restored = restorePreviousMetadata(catalog, id, catalog.loadTable(id));
    const table = tableLabel(id);
    const to = restored.snapshotId ?? '(none)';
    parsed.reporter.report({
      kind: 'info',
      message: `Pointed ${table} back at its previous metadata file ${restored.to} (snapshot ${to}); the commit of ${restored.from} is lost`,
    });
    return { table, to, changed: true };
  });
}

/** `--to` and `--to-previous-metadata` choose the same thing: exactly one is needed. */
export function rollbackTargetError(problem: 'neither' | 'not both'): LdpError {
  return new LdpError({
    code: 'LDP582',
    message:
      problem === 'neither'
        ? 'ldp rollback needs --to <snapshot-id> or --to-previous-metadata'
        : 'ldp rollback takes --to <snapshot-id> or --to-previous-metadata, not both',
    hint: "Use --to with an id from `ldp snapshots <model>`; use --to-previous-metadata only when the table's current metadata file is missing or damaged.",
  });
}
