import type { DuckDBConnection } from '@duckdb/node-api';
import { BATCH_END_VARIABLE, BATCH_START_VARIABLE } from '../../../compile/microbatch-filter.js';
import { InternalError, LdpError } from '../../../errors/index.js';
import type { WriteOptions, WriteResult } from '../../../iceberg/index.js';
import type { MicrobatchPlan } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { quoteIdentifier, quoteString } from '../../../sql/index.js';
import { committed } from './outcome.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { checkQuery, guarded, schemaModeOf, tableForStep } from './write-table.js';

type IncrementalStep = StepOf<'incremental'>;

/**
 * dbt's microbatch on the lakehouse: batch by batch, in time order, the query (whose
 * event-time upstreams read the batch's window from DuckDB variables) replaces the table's rows
 * in that window, each batch one Iceberg snapshot. A failed batch fails the step; the batches
 * before it stay committed, and a later run rebuilds the rest.
 */
export async function materializeMicrobatch(
  step: IncrementalStep,
  ctx: MaterializeContext,
): Promise<StepOutcome> {
  const plan = step.microbatch;
  if (!plan) throw new InternalError(`microbatch planned without batches for ${step.common.uniqueId}`);
  const first = plan.batches[0];
  if (!first) return committed('MICROBATCH', 0, undefined, { operation: 'microbatch', batches: 0 });
  await setWindow(ctx.conn, first);
  const queryColumns = await checkQuery(ctx, step, step.sql);
  const { table, created } = await tableForStep(ctx, step, step.sql, queryColumns);
  const options: WriteOptions = {
    schemaMode: schemaModeOf(step.onSchemaChange),
    summary: ctx.snapshotSummary(step),
  };
  let rows = 0;
  let deleted = 0;
  let last: WriteResult | undefined;
  for (const [index, batch] of plan.batches.entries()) {
    try {
      await setWindow(ctx.conn, batch);
      // A rebuild of a table that exists: its first batch replaces every row (and the columns).
      const replaceAll = index === 0 && plan.rebuild && !created;
      last = await guarded(step, () =>
        replaceAll
          ? table.overwrite(ctx.conn, step.sql, { ...options, schemaMode: 'sync' })
          : table.replaceWhere(ctx.conn, windowPredicate(plan, batch), step.sql, options),
      );
      rows += last.addedRecords;
      deleted += last.deletedRecords;
    } catch (error) {
      throw batchFailed(step, batch, index, error);
    }
  }
  await ctx.session.showTable(ctx.conn, table);
  return committed('MICROBATCH', rows, last?.snapshotId, {
    operation: 'microbatch',
    batches: plan.batches.length,
    rows_deleted: deleted,
  });
}

type Window = MicrobatchPlan['batches'][number];

async function setWindow(conn: DuckDBConnection, batch: Window): Promise<void> {
  await conn.run(`SET VARIABLE ${BATCH_START_VARIABLE} = ${timestamp(batch.start)}`);
  await conn.run(`SET VARIABLE ${BATCH_END_VARIABLE} = ${timestamp(batch.end)}`);
}

/** The table's rows of the batch: the model's own `event_time` in [start, end). */
function windowPredicate(plan: MicrobatchPlan, batch: Window): string {
  const column = quoteIdentifier(plan.eventTime);
  return `${column} >= ${timestamp(batch.start)} AND ${column} < ${timestamp(batch.end)}`;
}

/** An ISO instant (UTC) as a DuckDB TIMESTAMP literal. */
function timestamp(iso: string): string {
  return `TIMESTAMP ${quoteString(iso.replace('T', ' ').replace('Z', ''))}`;
}

/** A failure of one batch, naming it and what stays committed; other errors pass unchanged. */
function batchFailed(step: IncrementalStep, batch: Window, index: number, error: unknown): unknown {
  if (!(error instanceof LdpError)) return error;
  const cause = error;
  const done =
    index === 0
      ? 'no batch was committed'
      : `the ${index} batch${index === 1 ? '' : 'es'} before it stay committed`;
  return new LdpError({
    code: 'LDP465',
    message: `model '${step.common.name}': batch [${batch.start}, ${batch.end}) failed (${done}): ${cause.message}`,
    ...(cause.span ? { span: cause.span } : {}),
    hint: `Fix the cause and run the model again: each run rebuilds its batches. ${cause.hint ?? ''}`.trim(),
  });
}
