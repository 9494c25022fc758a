import { z } from 'zod';

const stringList = z.union([z.string(), z.array(z.string())]);
/** dbt hooks: SQL text, or `{sql: ..., transaction: bool}`. */
const hook = z.union([z.string(), z.strictObject({ sql: z.string(), transaction: z.boolean().optional() })]);
const hooks = z.union([hook, z.array(hook)]);
const partitionField = z.union([
  z.string(),
  z.strictObject({
    field: z.string(),
    transform: z.string().optional(),
    data_type: z.string().optional(),
    granularity: z.string().optional(),
    /** dbt-bigquery integer-range partitioning; ldp partitions by the value itself. */
    range: z.record(z.string(), z.unknown()).optional(),
  }),
]);

/** Every node config key ldp uses, with the shape of its value. */
/** dbt's `warn_if` / `error_if`: a comparison applied to the failure count. */
export const FAILURE_CONDITION = /^\s*(?:==?|!=|<>|>=?|<=?)\s*\d+\s*$/;

export const NODE_CONFIG_KEYS = {
  enabled: z.boolean(),
  materialized: z.enum(['table', 'view', 'incremental', 'ephemeral', 'external', 'seed', 'snapshot', 'test']),
  layer: z.string(),
  schema: z.string().nullable(),
  alias: z.string().nullable(),
  database: z.string().nullable(),
  tags: stringList,
  meta: z.record(z.string(), z.unknown()),
  pre_hook: hooks,
  post_hook: hooks,
  incremental_strategy: z.enum(['append', 'merge', 'delete+insert', 'insert_overwrite', 'microbatch']),
  /** Microbatch: the column holding each row's time (on the model and on the upstreams it filters). */
  event_time: z.string(),
  batch_size: z.enum(['hour', 'day', 'month', 'year']),
  /** Microbatch: how many batches before the current one an incremental run reprocesses. */
  lookback: z.number().int().nonnegative(),
  /** Microbatch: the first time a full build covers (a date or timestamp; YAML may read it as a date). */
  begin: z.union([z.string(), z.date()]),
  /** Microbatch: dbt may run batches at once; ldp accepts it and runs them in time order. */
  concurrent_batches: z.boolean().nullable(),
  unique_key: stringList,
  on_schema_change: z.enum(['ignore', 'fail', 'append_new_columns', 'sync_all_columns']),
  merge_update_columns: z.array(z.string()),
  merge_exclude_columns: z.array(z.string()),
  partition_by: z.union([partitionField, z.array(partitionField)]).nullable(),
  full_refresh: z.boolean().nullable(),
  column_types: z.record(z.string(), z.string()),
  delimiter: z.string(),
  quote_columns: z.boolean(),
  strategy: z.enum(['timestamp', 'check']),
  updated_at: z.string(),
  check_cols: z.union([z.literal('all'), z.array(z.string())]),
  invalidate_hard_deletes: z.boolean(),
  hard_deletes: z.enum(['ignore', 'invalidate', 'new_record']),
  snapshot_meta_column_names: z.record(z.string(), z.string()),
  dbt_valid_to_current: z.string(),
  target_schema: z.string(),
  target_database: z.string(),
  severity: z.string().regex(/^(error|warn)$/i, 'severity must be error or warn'),
  warn_if: z
    .string()
    .regex(FAILURE_CONDITION, 'a comparison of the failure count, such as ">10", "!=0" or ">= 5"'),
  error_if: z
    .string()
    .regex(FAILURE_CONDITION, 'a comparison of the failure count, such as ">10", "!=0" or ">= 5"'),
  where: z.string().nullable(),
  limit: z.number().int().nonnegative().nullable(),
  store_failures: z.boolean().nullable(),
  fail_calc: z.string(),
  docs: z.strictObject({ show: z.boolean().optional(), node_color: z.string().optional() }),
  contract: z.strictObject({ enforced: z.boolean().optional(), alias_types: z.boolean().optional() }),
  // Accepted without effect: a local lakehouse has no users to grant to, and descriptions stay
  // in ldp's catalog and docs rather than in table comments (see the README).
  persist_docs: z.strictObject({ relation: z.boolean().optional(), columns: z.boolean().optional() }),
  grants: z.record(z.string(), stringList),
} as const;

export type NodeConfigKey = keyof typeof NODE_CONFIG_KEYS;

/** dbt keys ldp accepts but does not act on yet: a warning, not an error. */
export const KNOWN_UNUSED_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'quoting',
  'sql_header',
  'incremental_predicates',
  'store_failures_as',
  'constraints',
  'meta_columns',
  'on_configuration_change',
]);

/**
 * dbt keys accepted without a word: model governance (`access`, `group`, `deprecation_date`),
 * the BigQuery table options (used on a BigQuery target, meaningless in the local lakehouse, so a
 * project that scales up keeps them), other warehouses' table options, and Python model
 * `packages`. None changes which rows a model holds, so a warning would only be noise.
 */
export const QUIET_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'access',
  'group',
  'deprecation_date',
  'cluster_by',
  'labels',
  'require_partition_filter',
  'partition_expiration_days',
  'hours_to_expiration',
  'kms_key_name',
  'copy_grants',
  'file_format',
  'packages',
]);

/** Spellings dbt also accepts, mapped to ldp's key. */
export const CONFIG_KEY_ALIASES: Readonly<Record<string, NodeConfigKey>> = {
  'pre-hook': 'pre_hook',
  'post-hook': 'post_hook',
};

/** The canonical key for a written key (`+pre-hook` → `pre_hook`), or undefined if not a config key. */
export function canonicalConfigKey(written: string): NodeConfigKey | undefined {
  const key = written.startsWith('+') ? written.slice(1) : written;
  if (key in CONFIG_KEY_ALIASES) return CONFIG_KEY_ALIASES[key];
  return key in NODE_CONFIG_KEYS ? (key as NodeConfigKey) : undefined;
}
