import { openTable } from '../../../iceberg/index.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { tableIdOf } from '../lakehouse-session.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { checkQuery, guarded } from './write-table.js';

/**
 * `view`: no data is stored. The view is created in this session and its SQL recorded in the
 * catalog, so every later session (and `ldp show`) recreates it. A table of the same name (the
 * model was a table before) is dropped from the catalog first; its files stay until vacuumed.
 */
export async function materializeView(step: StepOf<'view'>, ctx: MaterializeContext): Promise<StepOutcome> {
  const relation = step.common.relation!;
  const columns = await checkQuery(ctx, step, step.sql);
  const id = tableIdOf(relation);
  if (openTable(ctx.session.catalog, id)) ctx.session.catalog.dropTable(id);
  await guarded(ctx, step, () => ctx.session.createView(ctx.conn, relation, step.sql));
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
