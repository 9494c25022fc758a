import { type IcebergTable, openTable } from '../../../iceberg/index.js';
import type { CatalogView } from '../../../model/iceberg-catalog-port.js';
import type { Relation } from '../../../model/node.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { relationName } from '../../../sql/index.js';
import { namesIn } from '../attach/names-in.js';
import { createdViewColumns } from '../introspect.js';
import { tableIdOf } from '../lakehouse-session.js';
import { sqlError } from './sql-errors.js';
import type { MaterializeContext, StepOf } from './step-context.js';

/** Lines `createView` puts before the model's SQL (`CREATE OR REPLACE VIEW … AS (`). */
const CREATE_LINE_OFFSET = 1;

/**
 * `view`: no data is stored. The view is created in this session and its SQL recorded in the
 * catalog, so later sessions (and `ldp show`) that read it recreate it. DuckDB binds the view's
 * SQL, and with it every view upstream, once: in `CREATE VIEW`, whose errors point into the
 * compiled file; the columns are then read from what DuckDB recorded, not bound again. A table
 * of the same name (the model was a table before) is dropped, with its files, only once the view
 * is known to work: a view that fails leaves the table, its files and the catalog as they were.
 * A view the session created up front from the same stored SQL, with nothing above it rebuilt by
 * the command (`holdsUnchangedView`), is kept: its columns are what that creation recorded.
 */
export async function materializeView(step: StepOf<'view'>, ctx: MaterializeContext): Promise<StepOutcome> {
  const relation = step.common.relation!;
  const id = tableIdOf(relation);
  const catalog = ctx.session.catalog;
  const table = openTable(catalog, id);
  const previous = { table, view: table ? undefined : catalog.loadView(id) };
  // Created up front from the same SQL, over inputs nothing in this command changes: kept as is.
  const kept = ctx.session.holdsUnchangedView(relation);
  try {
    if (!kept) await ctx.session.createView(ctx.conn, relation, step.sql);
  } catch (error) {
    throw sqlError(error, step.common, CREATE_LINE_OFFSET);
  }
  if (!kept && namesIn(step.sql).has(relation.identifier.toLowerCase())) {
    try {
      // DuckDB binds a new view against what its name meant before, so a view reading its own
      // name (the table it replaces) is created and only fails when read: read it now.
      await ctx.conn.run(`DESCRIBE ${relationName(relation)}`);
    } catch (error) {
      await restoreSessionView(ctx, relation, previous);
      throw sqlError(error, step.common, 0);
    }
  }
  const columns = await createdViewColumns(ctx.conn, relation);
  // Nothing can read the old table's files once its row is gone, so they go with it.
  if (table) catalog.dropTable(id, { purge: true });
  catalog.upsertView({
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

/** Points the session's name back at what the catalog still holds, after a failed view. */
async function restoreSessionView(
  ctx: MaterializeContext,
  relation: Relation,
  previous: { readonly table: IcebergTable | undefined; readonly view: CatalogView | undefined },
): Promise<void> {
  const conn = ctx.conn;
  if (previous.table) await ctx.session.showTable(conn, previous.table);
  else if (previous.view) await ctx.session.createView(conn, relation, previous.view.sql);
  else await ctx.session.dropView(conn, relation);
}
