import type { Span } from '../errors/index.js';

/**
 * The typed content of `version: 2` properties files (dbt's schema.yml format), validated
 * strictly, with a span for every named entry so later stages can point at the YAML line.
 */
export interface PropertiesFile {
  readonly path: string;
  readonly models: readonly ModelProperties[];
  readonly seeds: readonly ModelProperties[];
  readonly snapshots: readonly ModelProperties[];
  readonly analyses: readonly ModelProperties[];
  /** Top-level `data_tests:`: properties of singular tests (dbt 1.9), by the test file's name. */
  readonly dataTests?: readonly ModelProperties[];
  readonly sources: readonly SourceDefinition[];
  readonly macros: readonly MacroProperties[];
  readonly exposures: readonly ExposureDefinition[];
  readonly unitTests: readonly UnitTestDefinition[];
}

/** A generic data test as written: `unique`, `{relationships: {to: ..., field: ...}}`, `{name: x, test_name: y}`. */
export interface TestDefinition {
  /** Generic test name, possibly package-qualified (`dbt_utils.expression_is_true`). */
  readonly testName: string;
  /** The explicit `name:` given by the user, overriding dbt's generated name. */
  readonly customName?: string;
  /** Arguments, whether written inline or under `arguments:`. */
  readonly args: Readonly<Record<string, unknown>>;
  /** `config:` of the test plus top-level config keys (severity, where, …). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

/** The constraint types dbt knows; `type:` of an entry under `constraints:`. */
export const CONSTRAINT_TYPES = [
  'not_null',
  'unique',
  'primary_key',
  'check',
  'foreign_key',
  'custom',
] as const;
export type ConstraintType = (typeof CONSTRAINT_TYPES)[number];

/**
 * One entry of a `constraints:` list, of a column (its columns are that column) or of a model
 * (`columns:` names them). Enforced only under `contract: {enforced: true}`, as in dbt.
 */
export interface ConstraintDefinition {
  readonly type: ConstraintType;
  readonly columns: readonly string[];
  /** The SQL condition of a `check` (or the text of a `custom`) constraint. */
  readonly expression?: string;
  readonly name?: string;
  /** A `foreign_key`'s referenced relation (`ref('x')` as written) and columns. */
  readonly to?: string;
  readonly toColumns?: readonly string[];
  /** dbt's switches for the warnings of constraints a platform does not enforce or support. */
  readonly warnUnenforced?: boolean;
  readonly warnUnsupported?: boolean;
  readonly span: Span;
}

export interface ColumnProperties {
  readonly name: string;
  readonly description: string;
  readonly dataType?: string;
  readonly constraints?: readonly ConstraintDefinition[];
  readonly quote?: boolean;
  readonly tests: readonly TestDefinition[];
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

/** Properties of a model, seed, snapshot or analysis. */
export interface ModelProperties {
  readonly name: string;
  readonly description: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly columns: readonly ColumnProperties[];
  /** Model-level `constraints:` (each naming its `columns:`). */
  readonly constraints?: readonly ConstraintDefinition[];
  readonly tests: readonly TestDefinition[];
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly docs?: Readonly<Record<string, unknown>>;
  readonly latestVersion?: number | string;
  readonly versions: readonly {
    readonly v: number | string;
    readonly config: Readonly<Record<string, unknown>>;
  }[];
  /** A snapshot defined in YAML (dbt 1.9): what it snapshots, `ref('x')` or `source('a', 'b')`. */
  readonly relation?: { readonly text: string; readonly span: Span };
  readonly span: Span;
}

export interface FreshnessRule {
  readonly warnAfter?: { readonly count: number; readonly period: 'minute' | 'hour' | 'day' };
  readonly errorAfter?: { readonly count: number; readonly period: 'minute' | 'hour' | 'day' };
  readonly filter?: string;
}

/** ldp's way to point a source at files: `location:` + `format:` (or dbt-duckdb's meta.external_location). */
export interface ExternalLocation {
  readonly location: string;
  readonly format?: 'parquet' | 'csv' | 'json' | 'ndjson' | 'iceberg';
  /** Reader options: delimiter, header, quote, columns/types, hive_partitioning, catalog path … */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface SourceTable {
  readonly name: string;
  readonly identifier?: string;
  readonly description: string;
  readonly columns: readonly ColumnProperties[];
  readonly tests: readonly TestDefinition[];
  readonly loadedAtField?: string;
  readonly loadedAtQuery?: string;
  readonly freshness?: FreshnessRule | null;
  readonly external?: ExternalLocation;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

export interface SourceDefinition {
  readonly name: string;
  readonly description: string;
  readonly database?: string;
  readonly schema?: string;
  readonly loader?: string;
  readonly loadedAtField?: string;
  readonly loadedAtQuery?: string;
  readonly freshness?: FreshnessRule | null;
  readonly external?: ExternalLocation;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly tables: readonly SourceTable[];
  readonly span: Span;
}

export interface MacroProperties {
  readonly name: string;
  readonly description: string;
  readonly arguments: readonly {
    readonly name: string;
    readonly type?: string;
    readonly description: string;
  }[];
  readonly span: Span;
}

export interface ExposureDefinition {
  readonly name: string;
  readonly label?: string;
  readonly type: 'dashboard' | 'notebook' | 'analysis' | 'ml' | 'application';
  readonly maturity?: 'low' | 'medium' | 'high';
  readonly url?: string;
  readonly description: string;
  readonly owner: { readonly name?: string; readonly email?: string };
  /** `ref('x')` / `source('a', 'b')` strings as written, resolved by the graph stage. */
  readonly dependsOn: readonly string[];
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

export interface UnitTestDefinition {
  readonly name: string;
  readonly model: string;
  readonly description: string;
  readonly given: readonly (UnitTestRows & {
    readonly input: string;
    /** Where `input:` is written. */
    readonly inputSpan?: Span;
  })[];
  readonly expect: UnitTestRows;
  readonly overrides: {
    readonly vars: Readonly<Record<string, unknown>>;
    readonly macros: Readonly<Record<string, unknown>>;
    readonly env_vars: Readonly<Record<string, unknown>>;
  };
  readonly config: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

/** Rows of a unit test's input or expectation as written: inline `rows`, or a `fixture` file name. */
export interface UnitTestRows {
  readonly format: 'dict' | 'csv' | 'sql';
  readonly rows?: unknown;
  readonly fixture?: string;
  /** Where `rows:` (or `fixture:`) is written. */
  readonly span?: Span;
}
