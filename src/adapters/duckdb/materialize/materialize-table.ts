import type { StepOutcome } from '../../../model/run-result.js';
import { committed } from './outcome.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { checkQuery, guarded, tableForStep } from './write-table.js';

/**
 * `table`, and the first or full-refresh build of `incremental`: the rows of the query replace
 * the table's rows in one new snapshot, and the schema follows the query's columns.
 */
export async function materializeTable(
  step: StepOf<'table'> | StepOf<'incremental-full'>,
  ctx: MaterializeContext,
): Promise<StepOutcome> {
  // Bound once: the table and the write take the columns found here.
  const queryColumns = await checkQuery(ctx, step, step.sql);
  const { table, created } = await tableForStep(ctx, step, step.sql, queryColumns);
  const result = await guarded(step, () =>
    table.overwrite(ctx.conn, step.sql, {
      schemaMode: 'sync',
      summary: ctx.snapshotSummary(step),
      queryColumns,
    }),
  );
  await ctx.session.showTable(ctx.conn, table);
  return committed(created ? 'CREATE TABLE' : 'OVERWRITE', result.addedRecords, result.snapshotId, {
    operation: 'overwrite',
    rows_deleted: result.deletedRecords,
    files_added: result.addedFiles,
    bytes_added: result.addedBytes,
  });
}
