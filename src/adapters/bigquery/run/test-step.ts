import type { PlannedStep } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { adapterResponse, resultDetail } from './adapter-response.js';
import type { StepJobRunner } from './step-executor.js';

type TestStep = Extract<PlannedStep, { kind: 'test' }>;

/**
 * A data test: one query job counts the failing rows (`fail_calc` over at most `limit` rows)
 * and compares the count with `warn_if` and `error_if`, as local runs and dbt do.
 */
export async function runDataTest(step: TestStep, jobs: StepJobRunner): Promise<StepOutcome> {
  const failing = step.limit !== undefined ? `select * from (\n${step.sql}\n) limit ${step.limit}` : step.sql;
  const job = await jobs.run(
    `select failures, failures ${step.warnIf} as should_warn, failures ${step.errorIf} as should_error\nfrom (select coalesce(${step.failCalc}, 0) as failures from (\n${failing}\n) as ldp_test_rows)`,
  );
  const first = await job.pages().next();
  const cells = (first.value?.[0]?.f ?? []).map((cell: { v: unknown }) => cell.v);
  const failures = Number(cells[0] ?? 0);
  const shouldWarn = cells[1] === 'true' || cells[1] === true;
  const shouldError = cells[2] === 'true' || cells[2] === true;
  const status = shouldError && step.severity === 'error' ? 'fail' : shouldWarn ? 'warn' : 'pass';
  const facts = { jobs: jobs.jobs, code: 'SELECT' };
  const condition = status === 'fail' ? step.errorIf : step.warnIf;
  return {
    status,
    detail: `${status === 'pass' ? 'PASS' : `${status.toUpperCase()} ${failures}`} ${resultDetail(facts).slice('SELECT '.length)}`,
    failures,
    blocksDependents: status === 'fail',
    ...(status === 'pass'
      ? {}
      : {
          message: [
            `Got ${failures} ${failures === 1 ? 'result' : 'results'}, configured to ${status} if ${condition}`,
            step.common.compiled ? `compiled SQL: ${step.common.compiled.compiledPath}` : undefined,
          ]
            .filter(Boolean)
            .join('\n'),
        }),
    adapterResponse: { ...adapterResponse(facts), failures },
  };
}
