import type { LdpError } from '../errors/index.js';
import type { NodeStatus } from './reporter.js';

/** What running one planned step produced, as the executor of its kind reports it. */
export interface StepOutcome {
  readonly status: NodeStatus;
  /** Short text for the result line, e.g. `INSERT 1,204` or `CREATE VIEW`. */
  readonly detail: string;
  /** How the result line names the status when the status alone says too little (`ERROR STALE`). */
  readonly statusText?: string;
  readonly rowsAffected?: number;
  /** Failing rows of a data test. */
  readonly failures?: number;
  /** The Iceberg snapshot the step committed (as text: ids may exceed 2^53). */
  readonly snapshotId?: string;
  /** Why the step failed or warned. */
  readonly message?: string;
  readonly error?: LdpError;
  /** Whether the nodes downstream must be skipped (a failed model, an error-severity test failure). */
  readonly blocksDependents?: boolean;
  /** A few of the rows behind the outcome, e.g. a failing test's first failing rows. */
  readonly sample?: RowSample;
  /** Engine facts recorded in run_results.json (`adapter_response`) and the run tables. */
  readonly adapterResponse?: Readonly<Record<string, unknown>>;
}

/** One step's result in a run: the outcome plus when and where it ran. */
export interface StepResult extends StepOutcome {
  readonly uniqueId: string;
  readonly startedAt: Date;
  readonly completedAt: Date;
  readonly durationMs: number;
  /** `Thread-N` as dbt names its workers; skipped steps have none. */
  readonly threadId?: string;
}

/** A whole command's results, in the order steps finished. */
export interface RunResult {
  readonly runId: string;
  readonly command: string;
  readonly startedAt: Date;
  readonly completedAt: Date;
  readonly results: readonly StepResult[];
  /** True when the run stopped early (--fail-fast or a signal). */
  readonly interrupted: boolean;
}

/** A handful of rows to show the user, with their column names (values as DuckDB's JSON gives them). */
export interface RowSample {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}
