import type { PlannedStep } from '../../../model/execution-plan.js';
import { type BigQueryPartitionBy, partitionFromFields } from '../partition-by.js';
import { type BigQueryTableConfig, readTableConfig } from '../table-config.js';
import { columnsOf } from './remote-state.js';
import type { StepJobRunner } from './step-executor.js';

/** The config keys of dbt-bigquery a model may set, as the node's config holds them. */
const TABLE_KEYS = [
  'cluster_by',
  'labels',
  'partition_expiration_days',
  'require_partition_filter',
  'kms_key_name',
  'table_format',
  'storage_uri',
  'bigquery_connection',
] as const;

/**
 * A step's BigQuery table settings from its node's config. ldp's partition fields need the
 * column's type, which a dry run of the query gives (free).
 */
export async function tableConfigOf(step: PlannedStep, jobs: StepJobRunner): Promise<BigQueryTableConfig> {
  const node = jobs.context.manifest.nodes.get(step.common.uniqueId);
  const extra = node && 'config' in node ? (node.config.extra as Record<string, unknown>) : {};
  const written: Record<string, unknown> = {};
  for (const key of TABLE_KEYS) if (extra[key] !== undefined) written[key] = extra[key];
  const description = node && 'description' in node ? node.description : undefined;
  const partitionBy = await partitionOf(step, jobs);
  return readTableConfig(
    {
      ...written,
      ...(partitionBy ? { partitionBy } : {}),
      ...(typeof description === 'string' && description !== '' ? { description } : {}),
    },
    step.common.relation!,
  );
}

/** The step's partitioning in dbt-bigquery's form, or undefined when it has none. */
export async function partitionOf(
  step: PlannedStep,
  jobs: StepJobRunner,
): Promise<BigQueryPartitionBy | undefined> {
  if (step.common.partitionBy.length === 0 || !('sql' in step)) return undefined;
  const { schema } = await jobs.context.runner.dryRun(step.sql);
  const types = new Map(columnsOf(schema).map((c) => [c.name.toLowerCase(), c.type]));
  return partitionFromFields(step.common.partitionBy, (field) => types.get(field.toLowerCase()));
}
