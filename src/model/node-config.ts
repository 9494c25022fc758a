/**
 * Config of a node after merging every level (project tree < folder < properties YAML <
 * `{{ config() }}`). Keys use dbt's snake_case names. Unknown keys never get here: validation
 * rejects them with the file and line where they were written.
 */
export type Materialization =
  | 'table'
  | 'view'
  | 'incremental'
  | 'ephemeral'
  | 'external'
  | 'seed'
  | 'snapshot'
  | 'test';

export type IncrementalStrategy = 'append' | 'merge' | 'delete+insert' | 'insert_overwrite' | 'microbatch';

/** A microbatch model's batch length. */
export type BatchSize = 'hour' | 'day' | 'month' | 'year';

export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

/** An Iceberg partition field: `{ field: 'pickup_at', transform: 'day' }`; a plain column name means identity. */
export interface PartitionField {
  readonly field: string;
  readonly transform:
    | 'identity'
    | 'year'
    | 'month'
    | 'day'
    | 'hour'
    | `bucket[${number}]`
    | `truncate[${number}]`;
}

export interface NodeConfig {
  readonly enabled: boolean;
  readonly materialized: Materialization;
  readonly layer?: string;
  readonly schema?: string;
  readonly alias?: string;
  readonly database?: string;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly pre_hook: readonly string[];
  readonly post_hook: readonly string[];
  readonly incremental_strategy?: IncrementalStrategy;
  readonly unique_key?: string | readonly string[];
  readonly on_schema_change: OnSchemaChange;
  readonly merge_update_columns?: readonly string[];
  readonly merge_exclude_columns?: readonly string[];
  readonly partition_by?: readonly PartitionField[];
  readonly full_refresh?: boolean;
  /** Microbatch (`incremental_strategy: microbatch`); `event_time` also marks upstreams it filters. */
  readonly event_time?: string;
  readonly batch_size?: BatchSize;
  readonly lookback?: number;
  readonly begin?: string | Date;
  /** Accepted as in dbt; ldp runs a model's batches one after another in time order. */
  readonly concurrent_batches?: boolean;
  /** Seeds. */
  readonly column_types?: Readonly<Record<string, string>>;
  readonly delimiter?: string;
  readonly quote_columns?: boolean;
  /** Snapshots. */
  readonly strategy?: 'timestamp' | 'check';
  readonly updated_at?: string;
  readonly check_cols?: 'all' | readonly string[];
  readonly invalidate_hard_deletes?: boolean;
  readonly hard_deletes?: 'ignore' | 'invalidate' | 'new_record';
  readonly snapshot_meta_column_names?: Readonly<Record<string, string>>;
  /** A SQL expression current snapshot rows hold in `dbt_valid_to` instead of NULL. */
  readonly dbt_valid_to_current?: string;
  /** dbt's older snapshot placement: used as written, without `generate_schema_name`. */
  readonly target_schema?: string;
  readonly target_database?: string;
  /** Tests. */
  readonly severity?: 'error' | 'warn';
  readonly warn_if?: string;
  readonly error_if?: string;
  readonly where?: string;
  readonly limit?: number;
  readonly store_failures?: boolean;
  /** The failure count's expression over the failing rows (dbt's default `count(*)`). */
  readonly fail_calc?: string;
  /** Every other accepted key (dbt keys ldp knows but does not use yet), as written. */
  /** `show: false` hides the node in the docs site; `node_color` colours it in the lineage graph. */
  readonly docs?: { readonly show?: boolean; readonly node_color?: string };
  /** `enforced: true`: the query's columns must be the YAML's, with their `data_type`s. */
  readonly contract?: { readonly enforced?: boolean; readonly alias_types?: boolean };
  /** dbt keys accepted without effect on a local lakehouse. */
  readonly persist_docs?: { readonly relation?: boolean; readonly columns?: boolean };
  readonly grants?: Readonly<Record<string, string | readonly string[]>>;
  readonly extra: Readonly<Record<string, unknown>>;
}
