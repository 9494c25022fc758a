import type { FreshnessResult } from '../model/freshness.js';
import type { FreshnessRule } from '../model/properties.js';

export const SOURCES_SCHEMA_VERSION = 1;

export interface SourcesMetadata {
  readonly ldpVersion: string;
  readonly generatedAt: string;
  readonly invocationId: string;
  readonly targetName: string;
}

/**
 * `target/sources.json` in dbt's shape: `metadata`, one result per source table (`unique_id`,
 * `max_loaded_at`, `snapshotted_at`, `max_loaded_at_time_ago_in_s`, `status`, `criteria`,
 * `timing`, `thread_id`, `execution_time`; a runtime error has `error` instead of the times),
 * `elapsed_time`, plus a `schemaVersion`. Results are sorted by unique id.
 */
export function sourcesJson(
  results: readonly FreshnessResult[],
  meta: SourcesMetadata,
  elapsedSeconds: number,
): Record<string, unknown> {
  return {
    schemaVersion: SOURCES_SCHEMA_VERSION,
    metadata: {
      ldp_version: meta.ldpVersion,
      generated_at: meta.generatedAt,
      invocation_id: meta.invocationId,
      target_name: meta.targetName,
      command: 'source freshness',
    },
    results: [...results]
      .sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0))
      .map(resultJson),
    elapsed_time: elapsedSeconds,
  };
}

function resultJson(result: FreshnessResult): Record<string, unknown> {
  const common = {
    unique_id: result.uniqueId,
    status: result.status,
    criteria: criteriaJson(result.criteria),
    timing: [
      {
        name: 'execute',
        started_at: result.startedAt.toISOString(),
        completed_at: result.completedAt.toISOString(),
      },
    ],
    thread_id: result.threadId,
    execution_time: Math.round(result.durationMs) / 1000,
  };
  if (result.status === 'runtime error') return { ...common, error: result.message ?? null };
  return {
    ...common,
    max_loaded_at: result.maxLoadedAt ?? null,
    snapshotted_at: result.snapshottedAt,
    max_loaded_at_time_ago_in_s: result.ageSeconds ?? null,
    adapter_response: {},
  };
}

/** dbt writes both limits, unset ones as `{count: null, period: null}`. */
function criteriaJson(rule: FreshnessRule): Record<string, unknown> {
  const limit = (value: FreshnessRule['warnAfter']) => ({
    count: value?.count ?? null,
    period: value?.period ?? null,
  });
  return {
    warn_after: limit(rule.warnAfter),
    error_after: limit(rule.errorAfter),
    filter: rule.filter ?? null,
  };
}
