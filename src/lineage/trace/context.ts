import type { EphemeralMode, UpstreamRelation } from '../types.js';
import type { AstNode } from './ast.js';
import type { NamedTrace, Scope } from './scope.js';
import type { RelationShape } from './shape.js';

/** What the whole trace of one query knows, fixed before it starts. */
export interface TraceInput {
  /** Upstream relations by lower-case dotted name. */
  readonly relations: ReadonlyMap<string, UpstreamRelation>;
  /** Ephemeral model CTEs: lower-case CTE name → node id. */
  readonly ephemerals: ReadonlyMap<string, string>;
  readonly ephemeralMode: EphemeralMode;
  /** Lower-case names of DuckDB's aggregate functions. */
  readonly aggregates: ReadonlySet<string>;
  /** The column names DuckDB gives select-list expressions without an alias. */
  readonly expressionNames: ReadonlyMap<AstNode, string>;
}

/** The environment of one query node: its CTEs and the scopes around it. */
export interface QueryEnv {
  readonly input: TraceInput;
  /** CTEs visible here, by lower-case name. */
  readonly ctes: ReadonlyMap<string, RelationShape>;
  readonly outer?: Scope;
}

/** Where an expression is traced. */
export interface ExpressionContext {
  readonly env: QueryEnv;
  readonly scope: Scope;
  /** Select-list aliases an expression may use (DuckDB's lateral column aliases). */
  readonly aliases: readonly NamedTrace[];
  /** Lambda parameters in effect (`x -> x + 1`): not columns. */
  readonly lambdaParameters: ReadonlySet<string>;
}
