import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { assertNever, LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import { quoteLiteral } from '../../sql/index.js';
import { type ColumnType, describeQuery } from './introspect.js';
import { isGlob, sourceLabel } from './source-location.js';
import { type SourceRelation, sourceRelationSql } from './source-relation.js';

export interface SourceCheck {
  readonly relation: SourceRelation;
  /** The columns DuckDB reads from the files; empty for Iceberg and warehouse sources. */
  readonly columns: readonly ColumnType[];
}

/**
 * Fails early and clearly when a source's files cannot be read: a missing file, a glob that
 * matches nothing, a missing Iceberg catalog file, or files DuckDB cannot read in the given
 * format (probed with `DESCRIBE`, which reads only what schema detection needs).
 */
export async function checkSourceFiles(
  source: SourceNode,
  projectRoot: string,
  conn: DuckDBConnection,
): Promise<SourceCheck> {
  const relation = sourceRelationSql(source, projectRoot);
  switch (relation.kind) {
    case 'relation':
      return { relation, columns: [] };
    case 'iceberg':
      if (!existsSync(relation.catalogPath)) {
        throw missing(
          source,
          relation.catalogPath,
          'the Iceberg catalog file does not exist',
          'Point options.catalog (or location) at the SQLite catalog file, e.g. ../other/warehouse/catalog.db.',
        );
      }
      return { relation, columns: [] };
    case 'files':
      for (const path of relation.paths) await checkPath(source, path, conn);
      return { relation, columns: await probe(source, relation, conn) };
    default:
      return assertNever(relation, 'source relation');
  }
}

async function checkPath(source: SourceNode, path: string, conn: DuckDBConnection): Promise<void> {
  if (/^[A-Za-z][\w+.-]*:\/\//.test(path)) return;
  if (!isGlob(path)) {
    if (!existsSync(path)) throw missing(source, path, 'the file does not exist', missingHint(source));
    return;
  }
  // DuckDB's own glob, so "matches" means exactly what the reader will match.
  const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM glob(${quoteLiteral(path)})`);
  if (Number(reader.getRowObjectsJson()[0]?.['n'] ?? 0) === 0) {
    throw missing(source, path, 'the pattern matches no file', missingHint(source));
  }
}

async function probe(
  source: SourceNode,
  relation: Extract<SourceRelation, { kind: 'files' }>,
  conn: DuckDBConnection,
): Promise<ColumnType[]> {
  try {
    return await describeQuery(conn, `SELECT * FROM ${relation.sql}`);
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const place = relation.paths.length > 0 ? ` '${relation.paths.join("', '")}'` : '';
    throw new LdpError(
      {
        code: 'LDP414',
        message: `${sourceLabel(source)}: DuckDB cannot read${place}${relation.format ? ` as ${relation.format}` : ''}: ${detail}`,
        span: source.span,
        hint: 'Check format: and options: of the source (delimiter, header, columns …) against the file, or open it with the duckdb CLI.',
      },
      { cause: error },
    );
  }
}

/**
 * What to fix, in the words of the key the source names its files with: ldp's `location:`, or
 * dbt-duckdb's `meta.external_location` / `config.external_location` (whose projects make
 * their data themselves, so ldp's demo data is no help there).
 */
function missingHint(source: SourceNode): string {
  const location = source.external?.location;
  const key =
    source.config['external_location'] === location
      ? 'config.external_location'
      : source.meta['external_location'] === location
        ? 'meta.external_location'
        : undefined;
  if (key === undefined)
    return 'Fix location: of the source (relative paths start at the project folder), or create the data first (ldp demo writes sample taxi data).';
  return `Fix ${key} of the source so it names files that exist (relative paths start at the project folder; {name} and {identifier} stand for the table's), or create the files before the run.`;
}

function missing(source: SourceNode, path: string, what: string, hint: string): LdpError {
  return new LdpError({
    code: 'LDP413',
    message: `${sourceLabel(source)}: ${what}: ${path}`,
    span: source.span,
    hint,
  });
}
