import { LdpError } from '../../errors/index.js';
import type { Relation, SourceNode } from '../../model/node.js';
import { quoteLiteral } from '../../sql/index.js';
import {
  absoluteLocation,
  expandFolder,
  type FileFormat,
  fillPlaceholders,
  formatFromExtension,
  sourceLabel,
} from './source-location.js';
import { READERS, readerArguments } from './source-options.js';

/** How DuckDB reaches a source's rows. */
export type SourceRelation =
  /** Raw files: `sql` is a table function call such as `read_parquet('/abs/trips/*.parquet')`. */
  | {
      readonly kind: 'files';
      readonly sql: string;
      /** The reader's format; undefined when the location was a full expression of the user. */
      readonly format?: FileFormat;
      /** Absolute paths or globs read, for existence checks (empty when not known). */
      readonly paths: readonly string[];
    }
  /** A table of an Iceberg JDBC catalog (SQLite file), resolved by the caller. */
  | {
      readonly kind: 'iceberg';
      readonly catalogPath: string;
      /** `catalog_name` to look up; undefined when the source does not say. */
      readonly catalogName?: string;
      readonly namespace: string;
      readonly table: string;
    }
  /** No location: the source is a table the warehouse already has, named by its relation. */
  | { readonly kind: 'relation'; readonly relation: Relation };

const ICEBERG_OPTIONS = ['catalog', 'catalog_name', 'namespace', 'table'];

/** DuckDB's reader functions (and their older names) by the format they read. */
const READER_FORMATS: Readonly<Record<string, FileFormat>> = {
  read_parquet: 'parquet',
  parquet_scan: 'parquet',
  read_csv: 'csv',
  read_csv_auto: 'csv',
  read_json: 'json',
  read_json_auto: 'json',
  read_ndjson: 'ndjson',
  read_ndjson_auto: 'ndjson',
};

/**
 * How to read `source`: from ldp's `location:` + `format:` + `options:`, or from dbt-duckdb's
 * `meta.external_location` (a path, a quoted path, or a whole `read_csv(...)` expression), with
 * `{name}`-style placeholders filled in. Relative paths are relative to `projectRoot` (or to the
 * working folder, see `absoluteLocation`). No file is read, so a missing file is found by
 * `checkSourceFiles`.
 */
export function sourceRelationSql(source: SourceNode, projectRoot: string): SourceRelation {
  const external = source.external;
  if (!external) return { kind: 'relation', relation: source.relation };
  const location = fillPlaceholders(external.location, source);
  if (external.format === 'iceberg') return icebergRelation(source, location, projectRoot);
  // dbt-duckdb's rule: a location with a parenthesis is already a table function call.
  if (location.includes('(')) return expressionRelation(location, projectRoot);
  const path = location.startsWith("'") ? unquote(location) : location;
  const format = external.format ?? formatFromExtension(path);
  if (!format) {
    throw new LdpError({
      code: 'LDP412',
      message: `${sourceLabel(source)}: cannot tell the file format of '${path}'`,
      span: source.span,
      hint: 'Add format: parquet, csv, json or ndjson next to location:, or use a file extension.',
    });
  }
  const absolute = expandFolder(absoluteLocation(path, projectRoot), format);
  const args = [quoteLiteral(absolute), ...readerArguments(source, format, external.options)];
  return { kind: 'files', sql: `${READERS[format]}(${args.join(', ')})`, format, paths: [absolute] };
}

function icebergRelation(source: SourceNode, location: string, projectRoot: string): SourceRelation {
  const options = source.external?.options ?? {};
  for (const key of Object.keys(options)) {
    if (!ICEBERG_OPTIONS.includes(key)) {
      throw new LdpError({
        code: 'LDP410',
        message: `${sourceLabel(source)}: '${key}' is not an option of Iceberg sources`,
        span: source.span,
        hint: `Options of Iceberg sources: ${ICEBERG_OPTIONS.join(', ')}.`,
      });
    }
  }
  const text = (key: string) => (options[key] === undefined ? undefined : String(options[key]));
  const catalogName = text('catalog_name');
  return {
    kind: 'iceberg',
    catalogPath: absoluteLocation(text('catalog') ?? location, projectRoot),
    ...(catalogName === undefined ? {} : { catalogName }),
    namespace: text('namespace') ?? source.relation.schema,
    table: text('table') ?? source.identifier,
  };
}

/**
 * A user's own reader call, e.g. `read_csv('data/trips.csv', header = true)`. DuckDB would read
 * relative paths from the process's folder, so the path literals of the first argument are made
 * relative to the project instead.
 */
function expressionRelation(expression: string, projectRoot: string): SourceRelation {
  const call = /^(\s*[A-Za-z_]\w*\s*\(\s*)(\[[^\]]*\]|'(?:[^']|'')*')/.exec(expression);
  if (!call) return { kind: 'files', sql: expression.trim(), paths: [] };
  const literals = call[2]!.match(/'(?:[^']|'')*'/g) ?? [];
  const paths = literals.map((literal) => absoluteLocation(unquote(literal), projectRoot));
  const first = call[2]!.startsWith('[')
    ? `[${paths.map(quoteLiteral).join(', ')}]`
    : quoteLiteral(paths[0] ?? '');
  const sql = `${call[1]}${first}${expression.slice(call[0].length)}`.trim();
  const format = READER_FORMATS[call[1]!.replace(/[\s(]/g, '').toLowerCase()];
  return { kind: 'files', sql, ...(format ? { format } : {}), paths };
}

function unquote(literal: string): string {
  return literal.replace(/^'|'$/g, '').replaceAll("''", "'");
}
