import type { Relation } from '../model/node.js';
import { DUCKDB_DIALECT, type SqlDialect } from '../sql/index.js';

/**
 * The value templates get from `ref()`, `source()` and `this`: prints as the quoted SQL name
 * and exposes dbt's Relation attributes (`database`, `schema`, `identifier`, `name`).
 */
export class RelationValue {
  readonly database: string | undefined;
  readonly schema: string;
  readonly identifier: string;
  readonly name: string;
  readonly table: string;
  private readonly sql: string;

  constructor(relation: Relation, sqlOverride?: string, dialect: SqlDialect = DUCKDB_DIALECT) {
    this.database = relation.database;
    this.schema = relation.schema;
    this.identifier = relation.identifier;
    this.name = relation.identifier;
    this.table = relation.identifier;
    this.sql = sqlOverride ?? dialect.relationName(relation);
  }

  render(): string {
    return this.sql;
  }

  toString(): string {
    return this.sql;
  }
}

/** The CTE name an ephemeral model is inlined as. */
export function ephemeralCteName(name: string): string {
  return `__ldp__cte__${name}`;
}
