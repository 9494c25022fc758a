import { LdpError } from '../../../errors/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { relationKeyOf } from '../../../model/warehouse-state.js';
import {
  appendSql,
  type IncrementalWrite,
  insertOverwriteDynamicSql,
  insertOverwriteStaticSql,
  mergeSql,
} from '../incremental-sql.js';
import { planSchemaChange } from '../schema-change.js';
import { columnsOf } from './remote-state.js';
import { partitionOf } from './step-config.js';
import { type StepJobRunner, success } from './step-executor.js';

type IncrementalStep = Extract<PlannedStep, { kind: 'incremental' }>;

/**
 * An incremental run on an existing table: `on_schema_change` first (the query's columns from a
 * free dry run, the table's from `tables.get`), then the strategy's one statement (or script).
 */
export async function runIncremental(step: IncrementalStep, jobs: StepJobRunner): Promise<StepOutcome> {
  const relation = step.common.relation!;
  const stored = jobs.context.state.relations.get(relationKeyOf(relation));
  const { schema } = await jobs.context.runner.dryRun(step.sql);
  const change = planSchemaChange(
    step.onSchemaChange,
    relation,
    stored?.columns ?? [],
    columnsOf(schema),
    jobs.name,
  );
  if (change.kind === 'fail') throw schemaChanged(step, change);
  for (const statement of change.statements) await jobs.run(statement);
  const write: IncrementalWrite = { relation, sql: step.sql, columns: change.columns, name: jobs.name };
  switch (step.strategy) {
    case 'merge': {
      const last = await jobs.run(
        mergeSql(write, {
          uniqueKey: step.uniqueKey,
          ...(step.mergeUpdateColumns ? { updateColumns: step.mergeUpdateColumns } : {}),
          ...(step.mergeExcludeColumns ? { excludeColumns: step.mergeExcludeColumns } : {}),
        }),
      );
      return success(jobs, 'MERGE', last.rowsAffected);
    }
    case 'append': {
      const last = await jobs.run(appendSql(write));
      return success(jobs, 'INSERT', last.rowsAffected);
    }
    case 'insert_overwrite': {
      const partition = await partitionOf(step, jobs);
      if (!partition) throw needsPartition(step);
      const node = jobs.context.manifest.nodes.get(step.common.uniqueId);
      const partitions =
        node && 'config' in node ? (node.config.extra as Record<string, unknown>)['partitions'] : undefined;
      const statement = Array.isArray(partitions)
        ? insertOverwriteStaticSql(write, partition, partitions.map(String))
        : insertOverwriteDynamicSql(write, partition);
      const last = await jobs.run(statement);
      return success(jobs, Array.isArray(partitions) ? 'MERGE' : 'SCRIPT', last.rowsAffected);
    }
    case 'microbatch':
      throw new LdpError({
        code: 'LDP466',
        message: `model '${step.common.name}': incremental_strategy 'microbatch' runs on DuckDB targets only in ldp`,
        span: step.common.compiled ? { file: step.common.compiled.compiledPath, line: 1, col: 1 } : undefined,
        hint: "Use incremental_strategy='insert_overwrite' partitioned by the event time on BigQuery.",
      });
    case 'delete+insert':
      throw new LdpError({
        code: 'LDP885',
        message: `model '${step.common.name}': incremental_strategy 'delete+insert' is not one BigQuery offers`,
        span: step.common.compiled ? { file: step.common.compiled.compiledPath, line: 1, col: 1 } : undefined,
        hint: "Use incremental_strategy='merge' (with unique_key) or 'insert_overwrite' on BigQuery, as dbt-bigquery does.",
      });
  }
}

function schemaChanged(
  step: IncrementalStep,
  change: { added: readonly string[]; removed: readonly string[]; retyped: readonly string[] },
): LdpError {
  const parts = [
    change.added.length > 0 ? `new columns ${change.added.join(', ')}` : '',
    change.removed.length > 0 ? `missing columns ${change.removed.join(', ')}` : '',
    change.retyped.length > 0 ? `changed types of ${change.retyped.join(', ')}` : '',
  ].filter(Boolean);
  return new LdpError({
    code: 'LDP888',
    message: `model '${step.common.name}' has on_schema_change: fail, and its query differs from the BigQuery table: ${parts.join('; ')}`,
    hint: 'Set on_schema_change to append_new_columns or sync_all_columns, or rebuild it with --full-refresh.',
  });
}

function needsPartition(step: IncrementalStep): LdpError {
  return new LdpError({
    code: 'LDP885',
    message: `model '${step.common.name}': insert_overwrite needs partition_by on BigQuery`,
    hint: "Add partition_by: {field: <date column>, data_type: date} to the model's config, or use merge.",
  });
}
