import type { LdpError, Span } from '../errors/index.js';
import type { CompiledNode } from './compiled-node.js';
import type { Relation } from './node.js';
import type { BatchSize, IncrementalStrategy, OnSchemaChange, PartitionField } from './node-config.js';
import type { ConstraintDefinition } from './properties.js';
import type { SnapshotSettings } from './snapshot-settings.js';
import type { CompiledUnitTest } from './unit-test.js';

/**
 * One thing a run does to one node, decided before anything runs. Each kind has exactly one
 * executor (`Record<PlannedStep['kind'], …>`), so a new kind without one fails to compile.
 */
export type PlannedStep =
  | { readonly kind: 'table'; readonly common: StepCommon; readonly sql: string; readonly exists: boolean }
  | { readonly kind: 'view'; readonly common: StepCommon; readonly sql: string }
  | {
      /** dbt-duckdb's `external`: the query's rows written to files, read back through a view. */
      readonly kind: 'external';
      readonly common: StepCommon;
      readonly sql: string;
      readonly external: ExternalFiles;
    }
  | {
      readonly kind: 'incremental-full';
      readonly common: StepCommon;
      readonly sql: string;
      readonly exists: boolean;
    }
  | {
      readonly kind: 'incremental';
      readonly common: StepCommon;
      readonly sql: string;
      readonly strategy: IncrementalStrategy;
      readonly uniqueKey: readonly string[];
      readonly mergeUpdateColumns?: readonly string[];
      readonly mergeExcludeColumns?: readonly string[];
      readonly onSchemaChange: OnSchemaChange;
      /** `incremental_strategy: microbatch`: the batches this run builds, each committed alone. */
      readonly microbatch?: MicrobatchPlan;
    }
  | {
      readonly kind: 'seed';
      readonly common: StepCommon;
      readonly csvPath: string;
      /** The CSV file as the project names it (e.g. `seeds/codes.csv`), for messages and spans. */
      readonly csvFile: string;
      readonly csv: { readonly delimiter?: string; readonly columnTypes?: Readonly<Record<string, string>> };
      readonly exists: boolean;
    }
  | {
      readonly kind: 'snapshot';
      readonly common: StepCommon;
      readonly sql: string;
      readonly exists: boolean;
      readonly settings: SnapshotSettings;
      /** Where the snapshot is defined, for errors about its config and its query's columns. */
      readonly definedAt: Span;
    }
  | {
      readonly kind: 'test';
      readonly common: StepCommon;
      /** The query whose rows are the failures. */
      readonly sql: string;
      readonly severity: 'error' | 'warn';
      /** Comparisons applied to the failure count, e.g. `!= 0`, `> 10`. */
      readonly warnIf: string;
      readonly errorIf: string;
      readonly failCalc: string;
      readonly limit?: number;
      /** Where failing rows are kept (replaced on each run), when `store_failures` is on. */
      readonly storeFailuresIn?: Relation;
    }
  | {
      /** A Python model: ldp cannot run Python, so the step fails with `error` when it runs. */
      readonly kind: 'python';
      readonly common: StepCommon;
      readonly error: LdpError;
    }
  | {
      readonly kind: 'unit-test';
      readonly common: StepCommon;
      /** The model's query over the fixture tables. */
      readonly sql: string;
      /** Fixtures and expected rows; input columns completed from the warehouse when it knows them. */
      readonly test: CompiledUnitTest;
    };

/** A microbatch model's run: one delete+insert of `eventTime` in [start, end) per batch, in order. */
export interface MicrobatchPlan {
  readonly eventTime: string;
  readonly batchSize: BatchSize;
  /** Built from `begin`: the first batch replaces the whole table. */
  readonly rebuild: boolean;
  /** ISO timestamps (UTC); `end` is exclusive. */
  readonly batches: readonly { readonly start: string; readonly end: string }[];
}

/** Where and how an `external` model's files are written, and how they are read back. */
export interface ExternalFiles {
  /** Absolute file (or folder, when partitioned or written per thread). */
  readonly location: string;
  readonly format: 'parquet' | 'csv' | 'json';
  /** Whether `location` is a folder of files (hive partitions with `partition_by`). */
  readonly folder: boolean;
  /** `COPY … TO` options, rendered (`FORMAT parquet`, `PARTITION_BY (year)`, …). */
  readonly copyOptions: readonly string[];
  /** The query of the view that registers the files: `SELECT * FROM read_parquet('…')`. */
  readonly readSql: string;
}

export interface StepCommon {
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: 'model' | 'seed' | 'snapshot' | 'test' | 'unit_test';
  /** Project-relative path of the file that defines the node, for messages about it. */
  readonly originalFilePath?: string;
  readonly relation?: Relation;
  readonly layer?: string;
  readonly partitionBy: readonly PartitionField[];
  readonly preHooks: readonly string[];
  readonly postHooks: readonly string[];
  /** The hooks read the warehouse while they render: rendered just before they run. */
  readonly hooksReadWarehouse?: true;
  readonly compiled?: CompiledNode;
  /** sha256 of the SQL that runs, recorded on the snapshot and in the run tables. */
  readonly sqlFingerprint: string;
  /**
   * The step's table exists but cannot be read (a damaged or missing file) and `--full-refresh`
   * was given: the step builds a new table that replaces it, instead of failing on it.
   */
  readonly replaceUnreadable?: true;
  /** `contract: {enforced: true}`: the columns the query must return, checked before writing. */
  readonly contract?: ModelContract;
}

/** A model's enforced contract: its declared columns, each with a `data_type`, and constraints. */
export interface ModelContract {
  readonly columns: readonly { readonly name: string; readonly dataType: string }[];
  /** Column and model-level constraints, checked against the query's rows before writing. */
  readonly constraints: readonly ConstraintDefinition[];
  /** Where the columns are declared (the properties file), for the error. */
  readonly definedAt: Span;
}

/** What the scheduler needs of any step: its node's id (the plan's key) and name (for messages). */
export interface SchedulableStep {
  readonly common: { readonly uniqueId: string; readonly name: string };
}

/**
 * Steps and the order between them. A run plans `PlannedStep`s; other commands that work node by
 * node (`ldp source freshness`) plan their own kind of step for the same scheduler.
 */
export interface ExecutionPlan<Step extends SchedulableStep = PlannedStep> {
  /** Steps in a topological order. */
  readonly steps: readonly Step[];
  /** For each step, the steps it must wait for (only those inside the plan). */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
}
