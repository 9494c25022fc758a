import type { RunResult, StepResult } from '../model/run-result.js';

export const RUN_RESULTS_SCHEMA_VERSION = 1;

/** What run_results.json says about a step besides its result (from the plan and compile). */
export interface StepFacts {
  readonly compiledPath?: string;
  readonly compiledCode?: string;
  readonly relationName?: string;
}

export interface RunResultsMetadata {
  readonly ldpVersion: string;
  readonly generatedAt: string;
  readonly invocationId: string;
  readonly targetName: string;
}

/**
 * `target/run_results.json` in dbt's shape (`metadata`, `results` with `status`, `timing`,
 * `thread_id`, `execution_time`, `adapter_response`, `message`, `failures`, `unique_id`,
 * `compiled_code`, `relation_name`; `elapsed_time`, `args`) plus a `schemaVersion`. Results are
 * sorted by unique id so reruns of the same project diff cleanly.
 */
export function runResultsJson(
  run: RunResult,
  meta: RunResultsMetadata,
  factsOf: (uniqueId: string) => StepFacts,
  args: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const results = [...run.results]
    .sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0))
    .map((result) => resultJson(result, factsOf(result.uniqueId)));
  return {
    schemaVersion: RUN_RESULTS_SCHEMA_VERSION,
    metadata: {
      ldp_version: meta.ldpVersion,
      generated_at: meta.generatedAt,
      invocation_id: meta.invocationId,
      target_name: meta.targetName,
      command: run.command,
      run_id: run.runId,
    },
    results,
    elapsed_time: (run.completedAt.getTime() - run.startedAt.getTime()) / 1000,
    interrupted: run.interrupted,
    args,
  };
}

function resultJson(result: StepResult, facts: StepFacts): Record<string, unknown> {
  const timing =
    result.status === 'skipped'
      ? []
      : [
          {
            name: 'execute',
            started_at: result.startedAt.toISOString(),
            completed_at: result.completedAt.toISOString(),
          },
        ];
  return {
    unique_id: result.uniqueId,
    status: result.status,
    timing,
    thread_id: result.threadId ?? null,
    execution_time: Math.round(result.durationMs) / 1000,
    adapter_response: result.adapterResponse ?? {},
    message: result.message ?? null,
    failures: result.failures ?? null,
    rows_affected: result.rowsAffected ?? null,
    snapshot_id: result.snapshotId ?? null,
    compiled_path: facts.compiledPath ?? null,
    compiled_code: facts.compiledCode ?? null,
    relation_name: facts.relationName ?? null,
  };
}
