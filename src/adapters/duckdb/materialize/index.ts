import { LdpError } from '../../../errors/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { withoutTrailingSemicolons } from '../trailing-semicolons.js';
import { loadSeed } from './load-seed.js';
import { materializeExternal } from './materialize-external.js';
import { materializeIncremental } from './materialize-incremental.js';
import { materializeSnapshot } from './materialize-snapshot.js';
import { materializeTable } from './materialize-table.js';
import { materializeView } from './materialize-view.js';
import { runDataTest } from './run-data-test.js';
import { runUnitTest } from './run-unit-test.js';
import type { MaterializeContext, StepOf } from './step-context.js';

export { seedQuery } from './load-seed.js';
export type { MaterializeContext } from './step-context.js';

type Executors = {
  readonly [K in PlannedStep['kind']]: (step: StepOf<K>, ctx: MaterializeContext) => Promise<StepOutcome>;
};

/** One executor per step kind: a new kind without one fails to type-check. */
const EXECUTORS: Executors = {
  table: materializeTable,
  'incremental-full': materializeTable,
  incremental: materializeIncremental,
  view: materializeView,
  external: materializeExternal,
  seed: loadSeed,
  snapshot: materializeSnapshot,
  test: runDataTest,
  // Not on the lakehouse: a unit test runs in an in-memory database of its own, on fixtures only.
  'unit-test': runUnitTest,
  python: async (step) => {
    throw step.error;
  },
};

/**
 * Runs one planned step on the DuckDB lakehouse. The step's query loses its trailing `;` (and
 * comments after it) once, here, because every strategy wraps it in a subquery or `COPY (…)`.
 */
export async function executeStep(step: PlannedStep, ctx: MaterializeContext): Promise<StepOutcome> {
  const executor = EXECUTORS[step.kind] as (
    step: PlannedStep,
    ctx: MaterializeContext,
  ) => Promise<StepOutcome>;
  try {
    if (!('sql' in step)) return await executor(step, ctx);
    return await executor({ ...step, sql: await withoutTrailingSemicolons(ctx.conn, step.sql) }, ctx);
  } catch (error) {
    throw namingTheNode(error, step);
  }
}

/**
 * The Iceberg layer knows a column, not the node it belongs to: a column type it cannot store
 * (LDP506) is reported as the node's, at the node's file.
 */
function namingTheNode(error: unknown, step: PlannedStep): unknown {
  if (!(error instanceof LdpError) || error.code !== 'LDP506' || error.span) return error;
  const { resourceType, name, originalFilePath } = step.common;
  return new LdpError(
    {
      ...error.toInit(),
      message: `${resourceType} '${name}': ${error.message}`,
      ...(originalFilePath ? { span: { file: originalFilePath, line: 1, col: 1 } } : {}),
    },
    { cause: error.cause },
  );
}
