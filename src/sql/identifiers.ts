import type { Relation } from '../model/node.js';

/**
 * `"name"` with inner double quotes doubled: any name (spaces, quotes, keywords, any case)
 * becomes exactly one DuckDB identifier. The one place ldp spells identifier quoting.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The name a `"quoted"` identifier stands for (inner `""` undoubled); a bare name as written. */
export function unquoteIdentifier(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"')
    ? text.slice(1, -1).replaceAll('""', '"')
    : text;
}

/** `"schema"."identifier"`, with `"database".` in front only when the relation names one. */
export function relationName(relation: Relation): string {
  const parts = relation.database
    ? [relation.database, relation.schema, relation.identifier]
    : [relation.schema, relation.identifier];
  return parts.map(quoteIdentifier).join('.');
}

/** `schema.identifier` (with the database first when set), unquoted for people to read. */
export function displayRelation(relation: Relation): string {
  return [relation.database, relation.schema, relation.identifier].filter(Boolean).join('.');
}

/**
 * `"database"."schema"."identifier"` as dbt writes `relation_name` in its artifacts: a relation
 * without a database of its own is in the target's database.
 */
export function qualifiedRelationName(relation: Relation, targetDatabase: string): string {
  return relationName({ ...relation, database: relation.database ?? targetDatabase });
}
