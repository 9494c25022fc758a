import type { PlannedStep } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { snapshotFirstBuildSql, snapshotMergeSql } from '../snapshot-sql.js';
import { columnsOf } from './remote-state.js';
import { type StepJobRunner, storedRows, success } from './step-executor.js';

type SnapshotStep = Extract<PlannedStep, { kind: 'snapshot' }>;

/**
 * A snapshot on BigQuery: the first build creates the table from the query; later runs are one
 * MERGE that closes changed versions and inserts new ones. The query's columns come from a free
 * dry run; versions are stamped with the job's `current_timestamp()`.
 */
export async function runSnapshot(step: SnapshotStep, jobs: StepJobRunner): Promise<StepOutcome> {
  const relation = step.common.relation!;
  const { schema } = await jobs.context.runner.dryRun(step.sql);
  const input = {
    relation,
    sql: step.sql,
    settings: step.settings,
    columns: columnsOf(schema).map((c) => c.name),
    snapshotTime: 'current_timestamp()',
    name: jobs.name,
  };
  if (!step.exists) {
    await jobs.run(snapshotFirstBuildSql(input));
    return success(jobs, 'CREATE TABLE', await storedRows(relation, jobs));
  }
  const last = await jobs.run(snapshotMergeSql(input));
  return success(jobs, 'MERGE', last.rowsAffected);
}
