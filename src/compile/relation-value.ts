import type { Relation } from '../model/node.js';
import { DUCKDB_DIALECT, type SqlDialect } from '../sql/index.js';
import { TemplateRelation } from '../template/index.js';

/**
 * The value templates get from `ref()`, `source()` and `this`: prints as the quoted SQL name
 * and exposes dbt's Relation attributes (`database`, `schema`, `identifier`, `name`).
 * `include()`/`incorporate()` copies print the database part too.
 */
export class RelationValue extends TemplateRelation {
  declare readonly schema: string;
  declare readonly identifier: string;
  private readonly sql: string;
  /** What `render()` gives when printing gives more (a microbatch's filtered upstream). */
  private readonly plainSql: string | undefined;

  constructor(
    relation: Relation,
    sqlOverride?: string,
    dialect: SqlDialect = DUCKDB_DIALECT,
    /**
     * The target's database: a relation in it names no database in SQL (the session's own), but
     * its `database` attribute says it, as dbt's relations do.
     */
    targetDatabase?: string,
    /** `render()`'s text when it is not what the value prints (dbt's opt-out of event-time filters). */
    plainSql?: string,
  ) {
    super({
      database: relation.database ?? targetDatabase,
      schema: relation.schema,
      identifier: relation.identifier,
      ...(relation.database === undefined ? { impliedDatabase: targetDatabase ?? null } : {}),
    });
    this.sql = sqlOverride ?? dialect.relationName(relation);
    this.plainSql = plainSql;
  }

  override get name(): string {
    return this.identifier;
  }
  override get table(): string {
    return this.identifier;
  }

  override render(): string {
    return this.plainSql ?? this.sql;
  }

  override toString(): string {
    return this.sql;
  }
}

/** The CTE name an ephemeral model is inlined as. */
export function ephemeralCteName(name: string): string {
  return `__ldp__cte__${name}`;
}
