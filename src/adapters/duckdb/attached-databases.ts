import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../../errors/index.js';
import type { Relation, SourceNode } from '../../model/node.js';
import type { DatabaseAttachment } from '../../model/project.js';
import { quoteIdentifier, quoteLiteral, relationName } from '../../sql/index.js';
import { sourceLabel } from './source-location.js';

/** The DuckDB databases a session reads besides the warehouse (dbt-duckdb's `path:` and `attach:`). */
export interface SessionDatabases {
  /** `attach:` entries: attached when the session opens. */
  readonly attachments: readonly DatabaseAttachment[];
  /**
   * The profile's `path:` file and the database name dbt-duckdb gives it. Attached read-only,
   * and only when a source reads it: ldp never writes the user's tables there.
   */
  readonly databaseFile?: { readonly path: string; readonly alias: string };
}

/** `ATTACH` for one `attach:` entry; a file DuckDB cannot open is `LDP165` at the entry's line. */
export async function attachDatabase(conn: DuckDBConnection, attachment: DatabaseAttachment): Promise<void> {
  const options = Object.entries(attachment.options).map(
    ([key, value]) => `${key.toUpperCase()} ${optionValue(value)}`,
  );
  if (attachment.readOnly) options.push('READ_ONLY');
  const target = attachment.path === ':memory:' ? "':memory:'" : quoteLiteral(attachment.path);
  try {
    await conn.run(
      `ATTACH IF NOT EXISTS ${target} AS ${quoteIdentifier(attachment.alias)}${options.length > 0 ? ` (${options.join(', ')})` : ''}`,
    );
  } catch (error) {
    throw cannotAttach(attachment.path, attachment.alias, error, attachment.span);
  }
}

/** Attaches the profile's database file read-only under `alias`; false when the file does not exist. */
export async function attachDatabaseFile(
  conn: DuckDBConnection,
  file: { readonly path: string; readonly alias: string },
): Promise<boolean> {
  if (!existsSync(file.path)) return false;
  try {
    await conn.run(
      `ATTACH IF NOT EXISTS ${quoteLiteral(file.path)} AS ${quoteIdentifier(file.alias)} (READ_ONLY)`,
    );
    return true;
  } catch (error) {
    throw cannotAttach(file.path, file.alias, error);
  }
}

/** Whether `database` holds a table or view `schema.identifier` (names compared as DuckDB does). */
export async function hasRelation(
  conn: DuckDBConnection,
  database: string,
  relation: Relation,
): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    `SELECT 1 FROM information_schema.tables
      WHERE lower(table_catalog) = lower(${quoteLiteral(database)})
        AND lower(table_schema) = lower(${quoteLiteral(relation.schema)})
        AND lower(table_name) = lower(${quoteLiteral(relation.identifier)})`,
  );
  return reader.currentRowCount > 0;
}

/** `LDP164`: the source names a table its database does not have, at the source's YAML line. */
export function missingSourceTable(source: SourceNode, database: string, path: string): LdpError {
  const table = `${source.relation.schema}.${source.relation.identifier}`;
  return new LdpError({
    code: 'LDP164',
    message: `${sourceLabel(source)}: the DuckDB database '${database}' (${path}) has no table or view ${table}`,
    span: source.span,
    hint: "Check the source's schema: and identifier: (the schema defaults to the source's name), or give it a location: if its data are files.",
  });
}

/** The relation a source of the database file is read through: `"alias"."schema"."table"`. */
export function inDatabase(alias: string, relation: Relation): string {
  return relationName({ database: alias, schema: relation.schema, identifier: relation.identifier });
}

function optionValue(value: string | number | boolean): string {
  return typeof value === 'string' ? quoteLiteral(value) : String(value);
}

function cannotAttach(
  path: string,
  alias: string,
  error: unknown,
  span?: DatabaseAttachment['span'],
): LdpError {
  const reason = error instanceof Error ? error.message : String(error);
  const locked = /lock/i.test(reason);
  return new LdpError({
    code: 'LDP165',
    message: `cannot attach the DuckDB database ${path} as '${alias}': ${reason.split('\n')[0]}`,
    ...(span ? { span } : {}),
    hint: locked
      ? 'Another program (a DuckDB shell, a notebook) has the file open for writing: close it and run again.'
      : 'Check that the path names a DuckDB database file (a read_only database must exist already).',
  });
}
