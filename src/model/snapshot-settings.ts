/**
 * How a snapshot (SCD type 2) tracks its rows, read from its config once at parse time so every
 * later stage gets a checked, typed value instead of loose config keys.
 */
export interface SnapshotSettings {
  readonly strategy: SnapshotStrategy;
  /** `unique_key` as written: column names or SQL expressions, one or several (composite). */
  readonly uniqueKey: readonly string[];
  readonly hardDeletes: HardDeletes;
  /** Names of the columns the snapshot adds (`snapshot_meta_column_names`). */
  readonly metaColumns: SnapshotMetaColumns;
  /** `dbt_valid_to_current`: a SQL expression current rows hold instead of NULL. */
  readonly validToCurrent?: string;
}

/**
 * `timestamp`: a row changed when its `updated_at` is later than the version on record.
 * `check`: a row changed when one of `checkCols` differs; versions are stamped with the snapshot
 * time, or with `updatedAt` when that is configured too.
 */
export type SnapshotStrategy =
  | { readonly kind: 'timestamp'; readonly updatedAt: string }
  | { readonly kind: 'check'; readonly checkCols: 'all' | readonly string[]; readonly updatedAt?: string };

/** What happens to rows whose key left the source: kept, closed, or closed with a deletion row. */
export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

export interface SnapshotMetaColumns {
  readonly scdId: string;
  readonly updatedAt: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** Only written with `hard_deletes: new_record`. */
  readonly isDeleted: string;
}
