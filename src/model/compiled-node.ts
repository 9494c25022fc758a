import type { LdpError } from '../errors/index.js';
import type { CompiledUnitTest } from './unit-test.js';

/** A node rendered to SQL with every relation resolved. */
export interface CompiledNode {
  readonly uniqueId: string;
  /** The full query: what a first run or `--full-refresh` executes. */
  readonly sql: string;
  /** Incremental models only: the query rendered with `is_incremental()` true. */
  readonly incrementalSql?: string;
  /** Ephemeral models inlined into this one, as unique ids. */
  readonly ephemerals: readonly string[];
  /** Project-relative path of the written SQL file. */
  readonly compiledPath: string;
  /**
   * The node reads the warehouse while it renders (`run_query`, `adapter.get_columns_in_relation`…
   * with `execute` true): `sql` is a placeholder and the node renders again when it runs, after
   * its parents were built, as dbt renders it.
   */
  readonly readsWarehouse?: true;
  /**
   * The node failed to render (`ldp run`/`build` compile every selected node first): `sql` is a
   * placeholder, and the node's step fails with this error when its turn comes, so its
   * descendants are skipped and the rest still builds, as in dbt.
   */
  readonly renderError?: LdpError;
  /**
   * Generic tests only: what the test macro set with its own `{{ config(…) }}` (dbt-utils'
   * `fail_calc`), under the test's config from properties and the project.
   */
  readonly macroConfig?: Readonly<Record<string, unknown>>;
  /** Unit tests only: the fixtures `sql` reads and the rows it must return. */
  readonly unitTest?: CompiledUnitTest;
}
