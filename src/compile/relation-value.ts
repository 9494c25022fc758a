import type { Relation } from '../model/node.js';
import { DUCKDB_DIALECT, type SqlDialect } from '../sql/index.js';
import { TemplateRelation } from '../template/index.js';

/**
 * The value templates get from `ref()`, `source()` and `this`: prints as the quoted SQL name
 * and exposes dbt's Relation attributes (`database`, `schema`, `identifier`, `name`).
 */
export class RelationValue extends TemplateRelation {
  declare readonly schema: string;
  declare readonly identifier: string;
  private readonly sql: string;

  constructor(relation: Relation, sqlOverride?: string, dialect: SqlDialect = DUCKDB_DIALECT) {
    super({ database: relation.database, schema: relation.schema, identifier: relation.identifier });
    this.sql = sqlOverride ?? dialect.relationName(relation);
  }

  override get name(): string {
    return this.identifier;
  }
  override get table(): string {
    return this.identifier;
  }

  override render(): string {
    return this.sql;
  }

  override toString(): string {
    return this.sql;
  }
}

/** The CTE name an ephemeral model is inlined as. */
export function ephemeralCteName(name: string): string {
  return `__ldp__cte__${name}`;
}
