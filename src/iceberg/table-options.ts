import type { DuckDBConnection } from '@duckdb/node-api';
import type { PartitionBy } from './partition/partition-spec.js';
import type { Predicate } from './scan/pruning.js';
import type { EvolutionMode } from './schema-evolution.js';
import type { WriteRequest } from './write-data.js';

/** How a query's columns map onto the table's: casts to apply, and which columns it has. */
export type QueryShape = Pick<WriteRequest, 'casts' | 'present'>;

/** Files younger than this may belong to a write in progress; orphan removal leaves them alone. */
export const ORPHAN_SAFETY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

export interface CreateTableOptions {
  readonly conn: DuckDBConnection;
  /** The table's columns are those of this query (it is only described, not run)… */
  readonly sql?: string;
  /** …or these columns, with DuckDB types (`{ name: 'id', type: 'BIGINT' }`). */
  readonly columns?: readonly { readonly name: string; readonly type: string }[];
  readonly partitionBy?: readonly PartitionBy[];
  /** Table properties, e.g. `ldp.model`, `ldp.layer`, `ldp.description`. */
  readonly properties?: Readonly<Record<string, string>>;
  /** The clock for snapshot and log timestamps (tests inject one). */
  readonly now?: () => number;
}

export interface WriteOptions {
  /**
   * Extra snapshot summary entries, e.g. `ldp.run-id`, `ldp.sql-fingerprint`; a function is called
   * just before the commit, so entries such as a duration can cover all the work before it.
   */
  readonly summary?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** How the table schema follows the query's columns (default: sync for overwrite, add-only otherwise). */
  readonly schemaMode?: EvolutionMode;
  /** Commit attempts before a table that keeps changing is a conflict (default 5). */
  readonly maxCommitAttempts?: number;
  /**
   * The columns of the written query, when the caller has already described that same query:
   * the write then does not bind it a second time (a round trip to DuckDB per write).
   */
  readonly queryColumns?: readonly { readonly name: string; readonly type: string }[];
}

/** Options of `replaceWhere`: `candidates` are predicates every affected row satisfies. */
export interface ReplaceOptions extends WriteOptions {
  readonly candidates?: readonly Predicate[];
}
