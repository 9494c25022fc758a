import { LdpError } from '../../../errors/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { Manifest } from '../../../model/manifest.js';
import type { Relation } from '../../../model/node.js';
import type { StepOutcome } from '../../../model/run-result.js';
import type { WarehouseState } from '../../../model/warehouse-state.js';
import { relationKeyOf } from '../../../model/warehouse-state.js';
import { bigqueryDialect } from '../../../sql/index.js';
import type { BigQueryConnection } from '../client.js';
import type { BigQueryJobRunner, JobSummary, QueryJobResult } from '../job-runner.js';
import { createTableAsSql, createViewSql, type RelationName } from '../table-ddl.js';
import { adapterResponse, resultDetail, type StepJobs } from './adapter-response.js';
import { inCompiledFile } from './compiled-span.js';
import { runIncremental } from './incremental-step.js';
import { loadSeed, type SeedColumns } from './seed-step.js';
import { runSnapshot } from './snapshot-step.js';
import { tableConfigOf } from './step-config.js';
import { runDataTest } from './test-step.js';
import { runUnitTest } from './unit-test-step.js';

/** What running plan steps on BigQuery needs; the plan itself is the engine-neutral one. */
export interface BigQueryStepContext {
  readonly connection: BigQueryConnection;
  readonly runner: BigQueryJobRunner;
  readonly manifest: Manifest;
  /** What BigQuery held before the run (`tables.get`), as the planner saw it. */
  readonly state: WarehouseState;
  /** A seed's CSV columns with the types ldp infers for them locally. */
  readonly seedColumns: SeedColumns;
}

/** One step's jobs, run in order; each failure placed in the node's compiled file. */
export interface StepJobRunner {
  readonly name: RelationName;
  readonly context: BigQueryStepContext;
  run(sql: string): Promise<QueryJobResult>;
  readonly jobs: JobSummary[];
}

type Executor = (step: PlannedStep, jobs: StepJobRunner) => Promise<StepOutcome>;

/**
 * Runs each plan step as BigQuery jobs: pre-hooks, the materialization's statements (built by
 * the pure SQL builders of this adapter), post-hooks. Each step kind has its executor, so a new
 * kind without one fails to compile.
 */
export function bigQueryStepRunner(context: BigQueryStepContext) {
  const name = bigqueryDialect(context.connection.options.project).relationName;
  const executors: Record<PlannedStep['kind'], Executor> = {
    table: (step, jobs) => createTable(step as Extract<PlannedStep, { kind: 'table' }>, jobs),
    'incremental-full': (step, jobs) =>
      createTable(step as Extract<PlannedStep, { kind: 'incremental-full' }>, jobs),
    view: async (step, jobs) => {
      const s = step as Extract<PlannedStep, { kind: 'view' }>;
      const config = await tableConfigOf(s, jobs);
      await jobs.run(createViewSql(s.common.relation!, s.sql, config, name));
      return success(jobs, 'CREATE VIEW');
    },
    incremental: (step, jobs) => runIncremental(step as Extract<PlannedStep, { kind: 'incremental' }>, jobs),
    seed: (step, jobs) => loadSeed(step as Extract<PlannedStep, { kind: 'seed' }>, jobs),
    snapshot: (step, jobs) => runSnapshot(step as Extract<PlannedStep, { kind: 'snapshot' }>, jobs),
    test: (step, jobs) => runDataTest(step as Extract<PlannedStep, { kind: 'test' }>, jobs),
    'unit-test': (step, jobs) => runUnitTest(step as Extract<PlannedStep, { kind: 'unit-test' }>, jobs),
    python: async (step) => {
      throw (step as Extract<PlannedStep, { kind: 'python' }>).error;
    },
    external: async (step) => {
      throw new LdpError({
        code: 'LDP885',
        message: `model '${step.common.name}': materialized 'external' writes files beside a local lakehouse; BigQuery has no such materialization`,
        hint: "Use materialized='table' on BigQuery (config(materialized=('table' if target.type == 'bigquery' else 'external')) keeps both).",
      });
    },
  };

  return async (step: PlannedStep, signal: AbortSignal): Promise<StepOutcome> => {
    const jobs = stepJobs(step, context, name, signal);
    await runHooks(step, jobs, step.common.preHooks, 'pre_hook');
    const outcome = await executors[step.kind](step, jobs);
    await runHooks(step, jobs, step.common.postHooks, 'post_hook');
    return outcome;
  };
}

function stepJobs(
  step: PlannedStep,
  context: BigQueryStepContext,
  name: RelationName,
  signal: AbortSignal,
): StepJobRunner {
  const jobs: JobSummary[] = [];
  return {
    name,
    context,
    jobs,
    async run(sql) {
      // Not a user error: the executor reports a step stopped by the run's signal as cancelled.
      if (signal.aborted) throw new Error('cancelled before the job started');
      try {
        const result = await context.runner.query(sql, { pageSize: 100, signal });
        jobs.push(result);
        return result;
      } catch (error) {
        throw inCompiledFile(error, step, sql);
      }
    },
  };
}

async function createTable(
  step: Extract<PlannedStep, { kind: 'table' | 'incremental-full' }>,
  jobs: StepJobRunner,
): Promise<StepOutcome> {
  const config = await tableConfigOf(step, jobs);
  const relation = step.common.relation!;
  await replaceViewOfSameName(relation, jobs);
  await jobs.run(createTableAsSql(relation, step.sql, config, jobs.name));
  return success(jobs, 'CREATE TABLE', await storedRows(relation, jobs));
}

/** A model that was a view and is now a table: the view goes first, as dbt-bigquery drops it. */
async function replaceViewOfSameName(relation: Relation, jobs: StepJobRunner): Promise<void> {
  const stored = jobs.context.state.relations.get(relationKeyOf(relation));
  if (stored?.kind === 'view') await jobs.run(`DROP VIEW IF EXISTS ${jobs.name(relation)}`);
}

/** The table's row count after the write (`tables.get`, free); undefined when BigQuery does not say. */
export async function storedRows(relation: Relation, jobs: StepJobRunner): Promise<number | undefined> {
  const project = relation.database || jobs.context.connection.options.project;
  try {
    const [metadata] = await jobs.context.connection.client
      .dataset(relation.schema, { projectId: project })
      .table(relation.identifier)
      .getMetadata();
    return metadata.numRows === undefined ? undefined : Number(metadata.numRows);
  } catch {
    return undefined;
  }
}

export function success(jobs: StepJobRunner, code: string, rowsAffected?: number): StepOutcome {
  const facts: StepJobs = { jobs: jobs.jobs, code, ...(rowsAffected !== undefined ? { rowsAffected } : {}) };
  return {
    status: 'success',
    detail: resultDetail(facts),
    ...(rowsAffected !== undefined ? { rowsAffected } : {}),
    adapterResponse: adapterResponse(facts),
  };
}

async function runHooks(
  step: PlannedStep,
  jobs: StepJobRunner,
  hooks: readonly string[],
  kind: 'pre_hook' | 'post_hook',
): Promise<void> {
  for (const [i, sql] of hooks.entries()) {
    if (sql.trim() === '') continue;
    try {
      await jobs.run(sql);
    } catch (error) {
      throw new LdpError(
        {
          code: 'LDP889',
          message: `${kind} ${i + 1} of ${step.common.resourceType} '${step.common.name}' failed on BigQuery: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          hint: `The hook ran: ${sql.length > 200 ? `${sql.slice(0, 200)}…` : sql}`,
        },
        { cause: error },
      );
    }
  }
}
