import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InternalError } from '../../../errors/index.js';
import type { IcebergTable, WriteOptions, WriteResult } from '../../../iceberg/index.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { quoteIdentifier, relationName } from '../../../sql/index.js';
import type { ColumnType } from '../introspect.js';
import { materializeMicrobatch } from './materialize-microbatch.js';
import { committed } from './outcome.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { checkQuery, guarded, schemaModeOf, tableForStep } from './write-table.js';

type IncrementalStep = StepOf<'incremental'>;

/**
 * A later run of an `incremental` model: the incremental SQL's rows are applied by the model's
 * `incremental_strategy`, each as one Iceberg snapshot, with `on_schema_change` deciding how the
 * table's columns follow the query's.
 */
export async function materializeIncremental(
  step: IncrementalStep,
  ctx: MaterializeContext,
): Promise<StepOutcome> {
  if (step.strategy === 'microbatch') return materializeMicrobatch(step, ctx);
  const queryColumns = await checkQuery(ctx, step, step.sql);
  const { table } = await tableForStep(ctx, step, step.sql, queryColumns);
  const options: WriteOptions = {
    schemaMode: schemaModeOf(step.onSchemaChange),
    summary: ctx.snapshotSummary(step),
  };
  const outcome = await guarded(step, () => applyStrategy(step, table, ctx, options, queryColumns));
  await ctx.session.showTable(ctx.conn, table);
  return outcome;
}

async function applyStrategy(
  step: IncrementalStep,
  table: IcebergTable,
  ctx: MaterializeContext,
  options: WriteOptions,
  queryColumns: readonly ColumnType[],
): Promise<StepOutcome> {
  const keys = step.uniqueKey;
  switch (step.strategy) {
    case 'append':
      // The step's own SQL, already bound by `checkQuery`: its columns are known.
      return appended(await table.append(ctx.conn, step.sql, { ...options, queryColumns }));
    case 'merge':
      if (keys.length === 0) return appended(await table.append(ctx.conn, step.sql, options));
      return withBatch(ctx.conn, step.sql, async (batch, rows) => {
        // The batch is already a table of this connection: it is read in place, not copied again.
        const result = hasColumnRules(step)
          ? await table.replaceByKeys(ctx.conn, await mergedRowsSql(ctx.conn, step, batch), keys, options)
          : await table.replaceByKeysFrom(ctx.conn, batch, keys, { ...options, queryColumns });
        return written('MERGE', rows, result);
      });
    case 'delete+insert':
      // The planner refuses delete+insert without a key, with the model's file and line.
      if (keys.length === 0)
        throw new InternalError(`delete+insert planned without a unique_key for ${step.common.uniqueId}`);
      return withBatch(ctx.conn, step.sql, async (batch, rows) =>
        written(
          'DELETE+INSERT',
          rows,
          await table.replaceByKeysFrom(ctx.conn, batch, keys, { ...options, queryColumns }),
        ),
      );
    case 'microbatch':
      throw new InternalError(`microbatch reached the single-query strategies for ${step.common.uniqueId}`);
    case 'insert_overwrite': {
      const result = await table.replacePartitions(ctx.conn, step.sql, options);
      return written('INSERT OVERWRITE', result.addedRecords, result);
    }
  }
}

function appended(result: WriteResult): StepOutcome {
  return written('INSERT', result.addedRecords, result);
}

function written(what: string, rows: number, result: WriteResult): StepOutcome {
  return committed(what, rows, result.snapshotId, {
    operation: what.toLowerCase(),
    rows_deleted: result.deletedRecords,
    files_added: result.addedFiles,
    bytes_added: result.addedBytes,
  });
}

/** Runs the query once into a temporary table of this connection, so its rows can be counted and read twice. */
async function withBatch<T>(
  conn: DuckDBConnection,
  sql: string,
  use: (batch: string, rows: number) => Promise<T>,
): Promise<T> {
  // A random name: temp tables belong to this connection only, so it just must not repeat.
  const batch = quoteIdentifier(`__ldp_batch_${randomUUID().replaceAll('-', '')}`);
  await conn.run(`CREATE TEMP TABLE ${batch} AS SELECT * FROM (\n${sql}\n)`);
  try {
    const reader = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${batch}`);
    return await use(batch, Number(reader.getRowObjectsJson()[0]?.['n'] ?? 0));
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${batch}`);
  }
}

function hasColumnRules(step: IncrementalStep): boolean {
  return step.mergeUpdateColumns !== undefined || step.mergeExcludeColumns !== undefined;
}

/**
 * Rows for a merge that updates only some columns: a new key takes the batch's row; an existing
 * key takes the batch's value for the updated columns and keeps the table's value for the rest.
 */
async function mergedRowsSql(conn: DuckDBConnection, step: IncrementalStep, batch: string): Promise<string> {
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${batch}`);
  const columns = reader.getRowObjectsJson().map((row) => String(row['column_name']));
  const lower = (names: readonly string[] | undefined) => new Set((names ?? []).map((n) => n.toLowerCase()));
  const keys = lower(step.uniqueKey);
  const excluded = lower(step.mergeExcludeColumns);
  const updated = step.mergeUpdateColumns ? lower(step.mergeUpdateColumns) : undefined;
  const takesNew = (c: string) =>
    keys.has(c.toLowerCase()) || (updated ? updated.has(c.toLowerCase()) : !excluded.has(c.toLowerCase()));
  const select = columns.map((c) => {
    const q = quoteIdentifier(c);
    return takesNew(c) ? `n.${q}` : `CASE WHEN o.__ldp_matched THEN o.${q} ELSE n.${q} END AS ${q}`;
  });
  const on = step.uniqueKey.map((k) => `n.${quoteIdentifier(k)} = o.${quoteIdentifier(k)}`).join(' AND ');
  const existing = relationName(step.common.relation!);
  return `SELECT ${select.join(', ')} FROM ${batch} AS n LEFT JOIN (SELECT *, true AS __ldp_matched FROM ${existing}) AS o ON ${on}`;
}
