import { quoteIdentifier } from '../../sql/index.js';
import { pyFunction } from '../python/py-args.js';
import { PY_MAPPING } from '../python/py-types.js';
import { pythonStr } from '../python/python-repr.js';

/** dbt's relation types; ldp's tables are Iceberg tables, which DuckDB shows as views. */
export type RelationType = 'table' | 'view' | 'cte' | 'materialized_view' | 'external';

interface Parts {
  readonly database?: string | null;
  readonly schema?: string | null;
  readonly identifier?: string | null;
  readonly type?: RelationType | null;
  /**
   * The database of the session's own relations, which SQL names without it: a relation of the
   * project says its database (`target.database`) yet prints as `"schema"."name"`, which DuckDB
   * resolves in the session whether or not a DuckDB file of that name is attached.
   */
  readonly impliedDatabase?: string | null;
}

/**
 * A relation made in a template (`api.Relation.create`) or found in the warehouse
 * (`adapter.get_relation`): prints as its quoted name and answers dbt's Relation API
 * (`include`, `incorporate`, `is_table`, `render`). Like dbt's Relation it is a mapping of its
 * attributes, with `metadata.type` naming the class (`_is_relation` checks in packages read it).
 */
export class TemplateRelation {
  readonly [PY_MAPPING] = true;
  readonly database: string | null;
  readonly schema: string | null;
  readonly identifier: string | null;
  readonly type: RelationType | null;
  readonly impliedDatabase: string | null;
  private readonly shown: { database: boolean; schema: boolean; identifier: boolean };

  constructor(parts: Parts, shown = { database: true, schema: true, identifier: true }) {
    this.database = parts.database || null;
    this.schema = parts.schema || null;
    this.identifier = parts.identifier || null;
    this.type = parts.type ?? null;
    this.impliedDatabase = parts.impliedDatabase ?? null;
    this.shown = shown;
  }

  get name(): string | null {
    return this.identifier;
  }
  get table(): string | null {
    return this.identifier;
  }
  get metadata(): { type: string } {
    return { type: 'BaseRelation' };
  }
  get path(): { database: string | null; schema: string | null; identifier: string | null } {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }

  /** Mapping's `get`: an attribute of the relation, or `default`. */
  get = pyFunction('get', ['key', 'default'], (key: unknown, fallback: unknown) => {
    const value = (this as unknown as Record<string, unknown>)[pythonStr(key)];
    return value === undefined || typeof value === 'function' ? (fallback ?? null) : value;
  });

  include = pyFunction('include', ['database', 'schema', 'identifier'], (...flags: unknown[]) => {
    const [database, schema, identifier] = flags.map((flag) => flag !== false);
    return new TemplateRelation(this, {
      database: database!,
      schema: schema!,
      identifier: identifier!,
    });
  });

  incorporate = pyFunction('incorporate', ['path', 'type'], (path: unknown, type: unknown) => {
    const parts = (path ?? {}) as Parts;
    return new TemplateRelation(
      {
        database: parts.database === undefined ? this.database : parts.database,
        schema: parts.schema === undefined ? this.schema : parts.schema,
        identifier: parts.identifier === undefined ? this.identifier : parts.identifier,
        type: type === undefined || type === null ? this.type : (String(type) as RelationType),
        impliedDatabase: this.impliedDatabase,
      },
      this.shown,
    );
  });

  render(): string {
    const parts = [
      this.shown.database && this.database !== this.impliedDatabase ? this.database : null,
      this.shown.schema ? this.schema : null,
      this.shown.identifier ? this.identifier : null,
    ];
    return parts
      .filter((part): part is string => part !== null)
      .map(quoteIdentifier)
      .join('.');
  }

  toString(): string {
    return this.render();
  }
}

/** `api.Relation`: `create(database=…, schema=…, identifier=…, type=…)`. */
export const relationApi = {
  create: pyFunction(
    'create',
    ['database', 'schema', 'identifier', 'type'],
    (database: unknown, schema: unknown, identifier: unknown, type: unknown) =>
      new TemplateRelation({
        database: textOrNull(database),
        schema: textOrNull(schema),
        identifier: textOrNull(identifier),
        type: (textOrNull(type) as RelationType | null) ?? null,
      }),
  ),
};

function textOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : pythonStr(value);
}
