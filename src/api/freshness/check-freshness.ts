import { LdpError } from '../../errors/index.js';
import { executePlan, type StepContext } from '../../execute/execute-plan.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { FreshnessResult, FreshnessStatus, FreshnessStep, MeasuredLoad } from '../../model/freshness.js';
import { freshnessStatus, isoFromMicros, microsOf } from '../../model/freshness-status.js';
import type { SourceNode } from '../../model/node.js';
import type { Reporter } from '../../model/reporter.js';
import type { StepOutcome } from '../../model/run-result.js';

export interface CheckOptions {
  /**
   * The source's latest load and when it was measured: DuckDB over the source's data locally,
   * a BigQuery query job (or the table's metadata) on a BigQuery target.
   */
  readonly measure: (source: SourceNode) => Promise<MeasuredLoad>;
  readonly threads: number;
  readonly reporter: Reporter;
  readonly clock: () => Date;
  /** Sources that could not be attached: their check fails with this error, the others go on. */
  readonly attachErrors: ReadonlyMap<string, LdpError>;
}

/** dbt's words for each outcome on the result line. */
const WORDS: Readonly<Record<FreshnessStatus, string>> = {
  pass: 'PASS',
  warn: 'WARN',
  error: 'ERROR STALE',
  'runtime error': 'ERROR',
};

/**
 * Runs the freshness plan on the run scheduler with up to `threads` checks at once; each check
 * reports a START and a result line as dbt does (`PASS`, `WARN`, `ERROR STALE`; `ERROR` when the
 * check itself failed). A failed check is a result, never a thrown error; its diagnostic (where,
 * what, a hint) follows once every check has finished.
 */
export async function checkFreshness(
  plan: ExecutionPlan<FreshnessStep>,
  options: CheckOptions,
): Promise<FreshnessResult[]> {
  const checked = new Map<string, FreshnessResult>();
  const executed = await executePlan({
    plan,
    threads: options.threads,
    failFast: false,
    reporter: options.reporter,
    clock: options.clock,
    label: (step) => `freshness of ${step.common.name}`,
    runStep: async (step, context) => {
      const { result, error } = await checkOne(step, context, options);
      checked.set(step.common.uniqueId, result);
      return outcomeOf(result, error);
    },
  });
  const results = executed.results.flatMap((step) => {
    const result = checked.get(step.uniqueId);
    return result ? [result] : [];
  });
  for (const step of executed.results)
    if (step.error) options.reporter.report({ kind: 'diagnostic', diagnostic: step.error });
  return results;
}

async function checkOne(
  step: FreshnessStep,
  context: StepContext,
  options: CheckOptions,
): Promise<{ result: FreshnessResult; error?: LdpError }> {
  const startedAt = options.clock();
  const started = performance.now();
  const common = {
    uniqueId: step.common.uniqueId,
    name: step.common.name,
    criteria: step.rule,
    threadId: context.threadId,
  };
  const timing = () => ({ startedAt, completedAt: options.clock(), durationMs: performance.now() - started });
  try {
    const attachError = options.attachErrors.get(step.common.uniqueId);
    if (attachError) throw attachError;
    const { loadedAt, snapshottedAt } = await options.measure(step.source);
    const ageSeconds = Number(snapshottedAt - loadedAt) / 1_000_000;
    const result: FreshnessResult = {
      ...common,
      status: freshnessStatus(ageSeconds, step.rule),
      maxLoadedAt: isoFromMicros(loadedAt),
      snapshottedAt: isoFromMicros(snapshottedAt),
      ageSeconds,
      ...timing(),
    };
    return { result };
  } catch (error) {
    if (!(error instanceof LdpError)) throw error;
    const result: FreshnessResult = {
      ...common,
      status: 'runtime error',
      snapshottedAt: isoFromMicros(microsOf(options.clock())),
      message: error.message,
      ...timing(),
    };
    return { result, error };
  }
}

/** The scheduler's view of a check: stale is an error named `ERROR STALE` on the line. */
function outcomeOf(result: FreshnessResult, error: LdpError | undefined): StepOutcome {
  const detail = WORDS[result.status];
  return {
    status: result.status === 'pass' || result.status === 'warn' ? result.status : 'error',
    ...(result.status === 'error' ? { statusText: detail } : {}),
    detail,
    ...(result.message !== undefined ? { message: result.message } : {}),
    ...(error ? { error } : {}),
  };
}
