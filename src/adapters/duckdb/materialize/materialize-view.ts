import { openTable } from '../../../iceberg/index.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { tableIdOf } from '../lakehouse-session.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { checkQuery, guarded } from './write-table.js';

/**
 * `view`: no data is stored. The view is created in this session and its SQL recorded in the
 * catalog, so every later session (and `ldp show`) recreates it. A table of the same name (the
 * model was a table before) is dropped first, with its files.
 */
export async function materializeView(step: StepOf<'view'>, ctx: MaterializeContext): Promise<StepOutcome> {
  const relation = step.common.relation!;
  const columns = await checkQuery(ctx, step, step.sql);
  const id = tableIdOf(relation);
  // Nothing can read the old table's files once its row is gone, so they go with it.
  if (openTable(ctx.session.catalog, id)) ctx.session.catalog.dropTable(id, { purge: true });
  await guarded(step, () => ctx.session.createView(ctx.conn, relation, step.sql));
  ctx.session.catalog.upsertView({
    namespace: id.namespace,
    name: id.name,
    sql: step.sql,
    columns,
    uniqueId: step.common.uniqueId,
  });
  return {
    status: 'success',
    detail: 'CREATE VIEW',
    adapterResponse: { _message: 'CREATE VIEW', code: 'CREATE VIEW' },
  };
}
