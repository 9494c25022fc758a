import type { Relation } from '../model/node.js';
import { quoteIdentifier } from './identifiers.js';

export type DialectName = 'duckdb' | 'bigquery';

/**
 * How one engine spells names: quoting an identifier and naming a relation. Compile renders
 * `ref()`, `source()`, `this` and `adapter.quote` through the target's dialect.
 */
export interface SqlDialect {
  readonly name: DialectName;
  quoteIdentifier(name: string): string;
  relationName(relation: Relation): string;
}

/** DuckDB: `"schema"."table"`, with the database only when the relation names one. */
export const DUCKDB_DIALECT: SqlDialect = {
  name: 'duckdb',
  quoteIdentifier,
  relationName: (relation) =>
    (relation.database
      ? [relation.database, relation.schema, relation.identifier]
      : [relation.schema, relation.identifier]
    )
      .map(quoteIdentifier)
      .join('.'),
};

/**
 * GoogleSQL's quoted identifier: backticks, with the escapes of a string literal, so a backtick
 * or backslash inside a name is escaped with a backslash.
 */
export function quoteBigQueryIdentifier(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/**
 * BigQuery: always `` `project`.`dataset`.`table` `` (as dbt-bigquery renders it), the target's
 * project standing in for a relation that names none.
 */
export function bigqueryDialect(defaultProject: string): SqlDialect {
  return {
    name: 'bigquery',
    quoteIdentifier: quoteBigQueryIdentifier,
    relationName: (relation) =>
      [relation.database || defaultProject, relation.schema, relation.identifier]
        .map(quoteBigQueryIdentifier)
        .join('.'),
  };
}

/** The dialect of a target (`type`, and `database`: BigQuery's default project). */
export function dialectOf(
  target: { readonly type?: unknown; readonly database?: unknown } | undefined,
): SqlDialect {
  return target?.type === 'bigquery' ? bigqueryDialect(String(target.database ?? '')) : DUCKDB_DIALECT;
}
