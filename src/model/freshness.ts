import type { SourceNode } from './node.js';
import type { FreshnessRule } from './properties.js';

/** dbt's freshness outcomes: within limits, past `warn_after`, past `error_after`, or the check failed. */
export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

/** The freshness of one source table, as `ldp source freshness` found it. */
export interface FreshnessResult {
  readonly uniqueId: string;
  /** `source_name.table_name`. */
  readonly name: string;
  readonly status: FreshnessStatus;
  readonly criteria: FreshnessRule;
  /** The latest load time (ISO 8601, UTC); absent after a runtime error. */
  readonly maxLoadedAt?: string;
  /** When the check ran (ISO 8601, UTC): the age is measured up to this time. */
  readonly snapshottedAt: string;
  readonly ageSeconds?: number;
  /** What went wrong, for a runtime error. */
  readonly message?: string;
  readonly startedAt: Date;
  readonly completedAt: Date;
  readonly durationMs: number;
  readonly threadId: string;
}

/** One source table's check in `ldp source freshness`, as the scheduler runs it. */
export interface FreshnessStep {
  readonly kind: 'freshness';
  /** The source's id, and its name as dbt prints it (`source_name.table_name`). */
  readonly common: { readonly uniqueId: string; readonly name: string };
  readonly source: SourceNode;
  readonly rule: FreshnessRule;
}

/** A source's latest load and the time it was measured at, both in microseconds since the epoch. */
export interface MeasuredLoad {
  readonly loadedAt: bigint;
  /** When the engine measured it: the injected clock locally, BigQuery's `current_timestamp()` remotely. */
  readonly snapshottedAt: bigint;
}
