import type { Relation } from '../model/node.js';

/**
 * `"name"` with inner double quotes doubled: any name (spaces, quotes, keywords, any case)
 * becomes exactly one DuckDB identifier. The one place ldp spells identifier quoting.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."identifier"`, with `"database".` in front only when the relation names one. */
export function relationName(relation: Relation): string {
  const parts = relation.database
    ? [relation.database, relation.schema, relation.identifier]
    : [relation.schema, relation.identifier];
  return parts.map(quoteIdentifier).join('.');
}
