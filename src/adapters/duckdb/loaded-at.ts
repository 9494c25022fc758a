import type { DuckDBConnection } from '@duckdb/node-api';
import { InternalError, LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import { relationName } from '../../sql/index.js';
import { sourceLabel } from './source-location.js';
import { withoutTrailingSemicolons } from './trailing-semicolons.js';

/**
 * The latest load time of a source, in microseconds since the epoch (UTC): dbt's
 * `max(loaded_at_field)` over the source's relation (narrowed by the freshness `filter`), or the
 * single value of `loaded_at_query`. Computed by DuckDB; a zone-less timestamp counts as UTC, as
 * dbt reads it. The connection must see the source under its relation name.
 */
export async function maxLoadedAt(conn: DuckDBConnection, source: SourceNode): Promise<bigint> {
  const sql = await loadedAtSql(conn, source);
  let value: unknown;
  try {
    await conn.run("SET TimeZone = 'UTC'");
    const reader = await conn.runAndReadAll(sql);
    value = reader.getRowObjectsJson()[0]?.['us'];
  } catch (error) {
    throw queryFailed(source, error);
  }
  if (value === null || value === undefined) throw noValue(source);
  return BigInt(String(value));
}

/** The freshness query of a source (exported for messages and tests). */
export async function loadedAtSql(conn: DuckDBConnection, source: SourceNode): Promise<string> {
  const toMicros = (expression: string) => `epoch_us(CAST(${expression} AS TIMESTAMPTZ)) AS us`;
  if (source.loadedAtField !== undefined) {
    const filter = source.freshness?.filter;
    const where = filter ? `\nWHERE ${filter}` : '';
    return `SELECT ${toMicros('max_loaded_at')} FROM (\nSELECT max(${source.loadedAtField}) AS max_loaded_at\nFROM ${relationName(source.relation)}${where}\n)`;
  }
  if (source.loadedAtQuery !== undefined) {
    // The first column of the query's first row, whatever it is called.
    const query = await withoutTrailingSemicolons(conn, source.loadedAtQuery);
    return `WITH __ldp_loaded_at AS (\n${query}\n)\nSELECT ${toMicros('(SELECT * FROM __ldp_loaded_at LIMIT 1)')}`;
  }
  throw new InternalError(`source ${source.uniqueId} has neither loaded_at_field nor loaded_at_query`);
}

function queryFailed(source: SourceNode, error: unknown): LdpError {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const what =
    source.loadedAtField !== undefined
      ? `max(${source.loadedAtField})${source.freshness?.filter ? ` where ${source.freshness.filter}` : ''}`
      : 'loaded_at_query';
  return new LdpError(
    {
      code: 'LDP450',
      message: `${sourceLabel(source)}: DuckDB cannot compute the freshness (${what}): ${text}`,
      span: source.span,
      hint:
        source.loadedAtField !== undefined
          ? 'loaded_at_field must be a column (or expression) of the source holding a timestamp or date; check its name and the freshness filter.'
          : 'loaded_at_query must return one row whose first column is a timestamp or date.',
    },
    { cause: error },
  );
}

function noValue(source: SourceNode): LdpError {
  return new LdpError({
    code: 'LDP451',
    message: `${sourceLabel(source)}: the freshness query found no load time (${
      source.loadedAtField !== undefined
        ? `${source.loadedAtField} is NULL in every row`
        : 'loaded_at_query returned NULL'
    })`,
    span: source.span,
    hint: 'The source is empty, or the filter excludes every row: load data first, or widen the filter.',
  });
}
