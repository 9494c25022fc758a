import type { Span } from '../errors/index.js';
import type { Relation } from './node.js';

/**
 * The rows of a unit-test fixture, as compile checked them: YAML mappings, CSV text (inline or
 * from a fixture file), a SQL query, or none at all (an input the test does not give).
 */
export type FixtureRows =
  | { readonly kind: 'dict'; readonly rows: readonly Readonly<Record<string, unknown>>[] }
  | {
      readonly kind: 'csv';
      readonly text: string;
      /** Project-relative path of the fixture file, when the rows come from one. */
      readonly file?: string;
    }
  | { readonly kind: 'sql'; readonly sql: string; readonly file?: string }
  | { readonly kind: 'empty' };

/** A column an input is known to have; `type` is a DuckDB type when it is known too. */
export interface FixtureColumn {
  readonly name: string;
  readonly type?: string;
}

/** One relation the model under test reads, replaced by a table built from its fixture. */
export interface UnitTestInput {
  /** How the test names it: `ref('trips')`, `source('raw', 'zones')` or `this`. */
  readonly input: string;
  /** The table the compiled SQL reads instead (in the unit test's own in-memory database). */
  readonly table: string;
  /** The warehouse relation the input stands for: the planner looks its columns up there. */
  readonly upstream: Relation;
  /** Columns declared for the upstream node (properties `data_type`, seed `column_types`). */
  readonly columns: readonly FixtureColumn[];
  readonly rows: FixtureRows;
  /** Where the input is written in the YAML (the unit test itself for inputs it does not give). */
  readonly span: Span;
}

/** A unit test ready to run: the model's SQL reads only the tables of `inputs`. */
export interface CompiledUnitTest {
  readonly name: string;
  readonly modelId: string;
  readonly modelName: string;
  readonly inputs: readonly UnitTestInput[];
  readonly expect: { readonly rows: FixtureRows; readonly span: Span };
  /** The unit test's entry in the properties file. */
  readonly span: Span;
}
