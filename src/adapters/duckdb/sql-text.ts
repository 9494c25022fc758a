import type { Relation } from '../../model/node.js';

/** `"name"` with inner double quotes doubled: any name becomes one DuckDB identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A value a SQL literal can hold, as read from YAML options. */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly SqlValue[]
  | { readonly [key: string]: SqlValue };

/**
 * A DuckDB literal: strings in single quotes (inner quotes doubled), numbers and booleans as
 * written, NULL, lists as `[…]` and mappings as struct literals `{'key': value}`.
 */
export function quoteLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return `'${value.replaceAll("'", "''")}'`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) return `'${value}'::DOUBLE`;
      return String(value);
    default:
      if (Array.isArray(value)) return `[${value.map(quoteLiteral).join(', ')}]`;
      return `{${Object.entries(value as Record<string, SqlValue>)
        .map(([key, v]) => `${quoteLiteral(key)}: ${quoteLiteral(v)}`)
        .join(', ')}}`;
  }
}

/** `"schema"."identifier"` (with `"database".` in front when the relation names one). */
export function relationName(relation: Relation): string {
  const parts = relation.database
    ? [relation.database, relation.schema, relation.identifier]
    : [relation.schema, relation.identifier];
  return parts.map(quoteIdentifier).join('.');
}
