import { LdpError } from '../../../errors/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import type { BigQueryJobRunner } from '../job-runner.js';
import { formatBytes } from './adapter-response.js';
import { inCompiledFile } from './compiled-span.js';

/**
 * `--dry-run`: each node's query as a BigQuery dry-run job, which reports the bytes it would
 * process and costs nothing; no table is written. A seed is a load job (free). A node whose
 * parent table does not exist yet cannot be estimated: that is a warning naming the parent,
 * not an error, and its own dependents are still tried.
 */
export function bigQueryDryRunner(runner: BigQueryJobRunner) {
  return async (step: PlannedStep): Promise<StepOutcome> => {
    if (step.kind === 'seed') return estimated(0, 'load job, free');
    // A unit test reads only its fixtures, written into the query as literals: nothing to bill.
    if (step.kind === 'unit-test') return estimated(0, 'fixtures only');
    if (step.kind === 'python') throw step.error;
    try {
      const { bytesProcessed } = await runner.dryRun(step.sql);
      return estimated(bytesProcessed);
    } catch (error) {
      const missing =
        error instanceof LdpError ? /Not found: (Table|Dataset) ([^\s]+)/.exec(error.message) : undefined;
      if (missing) return parentsNotBuilt(step, `${missing[1]!.toLowerCase()} ${missing[2]!}`);
      throw inCompiledFile(error, step, step.sql);
    }
  };
}

function estimated(bytes: number, note?: string): StepOutcome {
  return {
    status: 'success',
    detail: `DRY RUN (${formatBytes(bytes)} would be processed${note ? `; ${note}` : ''})`,
    adapterResponse: {
      _message: `DRY RUN (${formatBytes(bytes)} processed)`,
      code: 'DRY RUN',
      bytes_processed: bytes,
      bytes_billed: 0,
      dry_run: true,
    },
  };
}

function parentsNotBuilt(step: PlannedStep, table: string): StepOutcome {
  const error = new LdpError({
    code: 'LDP887',
    severity: 'warning',
    message: `${step.common.resourceType} '${step.common.name}' cannot be estimated: the ${table} it reads is not built yet`,
    hint: 'Build its parents first (`ldp build --target <bigquery target> --select +<node>`), then dry-run it again.',
  });
  return {
    status: 'warn',
    detail: 'NOT ESTIMATED (parents not built yet)',
    message: error.message,
    error,
    adapterResponse: { _message: 'DRY RUN (parents not built yet)', code: 'DRY RUN', dry_run: true },
  };
}
