import type { DuckDBConnection } from '@duckdb/node-api';
import { createTable, openTable, stagedCatalog } from '../../../iceberg/index.js';
import type { RowSample, StepOutcome } from '../../../model/run-result.js';
import { relationName } from '../../../sql/index.js';
import { tableIdOf } from '../lakehouse-session.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { checkQuery, guarded } from './write-table.js';

type TestStep = StepOf<'test'>;

/** How many failing rows a failed test shows. */
const SAMPLE_ROWS = 5;

/**
 * A data test: its query returns the failing rows. As dbt does, the failure count (`fail_calc`
 * over at most `limit` rows) is compared with `warn_if` and `error_if`; `severity: warn` never
 * fails. Failing rows are kept in the audit namespace with `store_failures`.
 */
export async function runDataTest(step: TestStep, ctx: MaterializeContext): Promise<StepOutcome> {
  await checkQuery(ctx, step, step.sql);
  const failing = step.limit !== undefined ? `SELECT * FROM (\n${step.sql}\n) LIMIT ${step.limit}` : step.sql;
  const counts = await guarded(step, () => failureCounts(ctx.conn, step, failing));
  const stored = step.storeFailuresIn ? await storeFailures(step, ctx, failing) : undefined;
  const status =
    counts.shouldError && step.severity === 'error' ? 'fail' : counts.shouldWarn ? 'warn' : 'pass';
  const sample = status === 'pass' ? undefined : await guarded(step, () => sampleRows(ctx.conn, failing));
  // The audit table is replaced on every run, but only worth a line when it holds rows.
  const message =
    status === 'pass'
      ? counts.failures > 0
        ? stored
        : undefined
      : failureMessage(step, status, counts.failures, stored);
  return {
    status,
    detail: status === 'pass' ? 'PASS' : `${status.toUpperCase()} ${counts.failures}`,
    failures: counts.failures,
    blocksDependents: status === 'fail',
    ...(message ? { message } : {}),
    ...(sample ? { sample } : {}),
    adapterResponse: {
      _message: `${counts.failures} failures`,
      failures: counts.failures,
      ...(step.storeFailuresIn
        ? { stored_failures: `${step.storeFailuresIn.schema}.${step.storeFailuresIn.identifier}` }
        : {}),
    },
  };
}

/** dbt's wording, plus where the compiled query is, so the failing rows can be looked at again. */
function failureMessage(step: TestStep, status: 'warn' | 'fail', failures: number, stored?: string): string {
  const condition = status === 'fail' ? step.errorIf : step.warnIf;
  return [
    `Got ${failures} ${failures === 1 ? 'result' : 'results'}, configured to ${status} if ${condition}`,
    step.common.compiled ? `compiled SQL: ${step.common.compiled.compiledPath}` : undefined,
    stored,
  ]
    .filter(Boolean)
    .join('\n');
}

async function failureCounts(conn: DuckDBConnection, step: TestStep, failing: string) {
  const reader = await conn.runAndReadAll(
    `SELECT failures, failures ${step.warnIf} AS should_warn, failures ${step.errorIf} AS should_error
     FROM (SELECT coalesce(${step.failCalc}, 0)::BIGINT AS failures FROM (\n${failing}\n) AS ldp_test_rows)`,
  );
  const row = reader.getRowObjectsJson()[0] ?? {};
  return {
    failures: Number(row['failures'] ?? 0),
    shouldWarn: row['should_warn'] === true,
    shouldError: row['should_error'] === true,
  };
}

async function sampleRows(conn: DuckDBConnection, failing: string): Promise<RowSample> {
  const reader = await conn.runAndReadAll(`SELECT * FROM (\n${failing}\n) LIMIT ${SAMPLE_ROWS}`);
  return { columns: reader.columnNames(), rows: reader.getRowsJson() };
}

/** Replaces the audit table's rows with this run's failing rows; returns the line naming it. */
async function storeFailures(step: TestStep, ctx: MaterializeContext, failing: string): Promise<string> {
  const relation = step.storeFailuresIn!;
  const id = tableIdOf(relation);
  await ctx.session.ensureSchema(ctx.conn, relation);
  const table = await guarded(
    step,
    async () =>
      openTable(ctx.session.catalog, id) ??
      (await createTable(stagedCatalog(ctx.session.catalog), id, {
        conn: ctx.conn,
        sql: failing,
        properties: ctx.tableProperties(step),
      })),
  );
  await guarded(step, () =>
    table.overwrite(ctx.conn, failing, { schemaMode: 'sync', summary: ctx.snapshotSummary(step) }),
  );
  await ctx.session.showTable(ctx.conn, table);
  return `Failing rows stored in ${relationName(relation)}`;
}
