import type { DuckDBConnection } from '@duckdb/node-api';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { LakehouseSession } from '../lakehouse-session.js';
import type { UnitTestEngine } from '../unit-test/unit-test-engine.js';

/** What every materialization gets: a connection of its own, the session and the run's facts. */
export interface MaterializeContext {
  readonly conn: DuckDBConnection;
  readonly session: LakehouseSession;
  /** Snapshot summary entries for a commit of `step` (run id, SQL fingerprint, duration…). */
  readonly snapshotSummary: (step: PlannedStep) => () => Readonly<Record<string, string>>;
  /** Properties set on every table a step creates (owner model, layer, retention…). */
  readonly tableProperties: (step: PlannedStep) => Readonly<Record<string, string>>;
  /** The project folder: compiled SQL paths and seed files are relative to it. */
  readonly projectRoot: string;
  /** Whether the step should stop (the run was cancelled). */
  readonly signal: AbortSignal;
  /** The command's database for unit tests (without it, a unit test opens one for itself). */
  readonly unitTestEngine?: UnitTestEngine;
  /** When the command started (dbt's `run_started_at`): snapshots stamp new versions with it. */
  readonly runStartedAt: Date;
}

/** The steps of one kind, for executors typed by the kind they handle. */
export type StepOf<K extends PlannedStep['kind']> = Extract<PlannedStep, { kind: K }>;
