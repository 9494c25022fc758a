import { isAbsolute, resolve } from 'node:path';
import { LdpError } from '../errors/index.js';
import type { ExternalFiles } from '../model/execution-plan.js';
import type { ModelNode } from '../model/node.js';
import { quoteIdentifier, quoteLiteral } from '../sql/index.js';

const FORMATS = ['parquet', 'csv', 'json'] as const;
type ExternalFormat = (typeof FORMATS)[number];

/** `COPY` options whose values DuckDB takes as string literals (dbt-duckdb quotes them too). */
const STRING_OPTIONS = new Set([
  'delimiter',
  'delim',
  'sep',
  'quote',
  'escape',
  'null',
  'compression',
  'filename_pattern',
  'file_extension',
  'dateformat',
  'timestampformat',
  'codec',
]);

/**
 * dbt-duckdb's `external` model config as files to write: `location` (default
 * `<external_root>/<alias>.<format>`, or a folder when partitioned), `format` (else the
 * location's extension, else csv when a `delimiter` is set, else parquet), `delimiter`,
 * `options` (DuckDB `COPY` options, `partition_by` among them). Relative locations are below
 * the project folder. Pure: nothing is read or written here.
 */
export function externalFiles(node: ModelNode, externalRoot: string, projectRoot: string): ExternalFiles {
  const extra = node.config.extra;
  const rawOptions = extra['options'] ?? {};
  if (rawOptions === null || typeof rawOptions !== 'object' || Array.isArray(rawOptions))
    throw configError(
      node,
      'options must be a mapping of DuckDB COPY options',
      "options: {partition_by: 'year', compression: 'zstd'}",
    );
  const options: Record<string, unknown> = Object.fromEntries(
    Object.entries(rawOptions as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const delimiter = node.config.delimiter ?? text(options['delimiter'] ?? options['delim'] ?? options['sep']);
  const partitionBy = partitionColumns(options['partition_by']) ?? identityPartitions(node);
  delete options['partition_by'];
  const folder = partitionBy !== undefined || truthy(options['per_thread_output']);
  const written = text(extra['location']);
  const format = formatOf(node, text(extra['format']) ?? text(options['format']), written, delimiter);
  delete options['format'];
  for (const key of ['delimiter', 'delim', 'sep']) delete options[key];
  const identifier = node.relation.identifier;
  const location = absolute(
    written ?? `${externalRoot}/${identifier}${folder ? '' : `.${format}`}`,
    projectRoot,
  );
  const copyOptions = [`FORMAT ${format}`];
  if (format === 'csv' && options['header'] === undefined) copyOptions.push('HEADER true');
  if (delimiter !== undefined) copyOptions.push(`DELIMITER ${quoteLiteral(delimiter)}`);
  if (partitionBy) copyOptions.push(`PARTITION_BY (${partitionBy.map(quoteIdentifier).join(', ')})`);
  for (const [key, value] of Object.entries(options))
    copyOptions.push(`${key.toUpperCase()} ${optionValue(key, value)}`);
  return {
    location,
    format,
    folder,
    copyOptions,
    readSql: readSql(location, format, folder, partitionBy, delimiter),
  };
}

function formatOf(
  node: ModelNode,
  given: string | undefined,
  location: string | undefined,
  delimiter: string | undefined,
): ExternalFormat {
  if (given !== undefined) {
    const format = given.toLowerCase();
    if ((FORMATS as readonly string[]).includes(format)) return format as ExternalFormat;
    throw configError(
      node,
      `format '${given}' is not one external models write`,
      `Use format: ${FORMATS.join(', ')}.`,
    );
  }
  const extension = location && /\.([A-Za-z]+)$/.exec(location)?.[1]?.toLowerCase();
  if (extension && (FORMATS as readonly string[]).includes(extension)) return extension as ExternalFormat;
  return delimiter !== undefined ? 'csv' : 'parquet';
}

/** The view over the written files, as dbt-duckdb registers them. */
function readSql(
  location: string,
  format: ExternalFormat,
  folder: boolean,
  partitionBy: readonly string[] | undefined,
  delimiter: string | undefined,
): string {
  const levels = folder ? ['*', ...(partitionBy ?? []).map(() => '*')] : [];
  const path = folder
    ? `${location}/${levels.slice(1).join('/')}${levels.length > 1 ? '/' : ''}*.${format}`
    : location;
  const hive = partitionBy ? ', hive_partitioning = true' : '';
  switch (format) {
    case 'parquet':
      return `SELECT * FROM read_parquet(${quoteLiteral(path)}${hive})`;
    case 'csv':
      return `SELECT * FROM read_csv(${quoteLiteral(path)}, header = true${delimiter !== undefined ? `, delim = ${quoteLiteral(delimiter)}` : ''}${hive})`;
    case 'json':
      return `SELECT * FROM read_json_auto(${quoteLiteral(path)}${hive})`;
  }
}

/** `'year, month'`, `'(year, month)'` or `[year, month]` → the column names. */
function partitionColumns(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const names = Array.isArray(value)
    ? value.map(String)
    : String(value)
        .replace(/^\s*\(|\)\s*$/g, '')
        .split(',');
  const columns = names.map((n) => n.trim().replace(/^"|"$/g, '')).filter((n) => n !== '');
  return columns.length > 0 ? columns : undefined;
}

/** A model-level `partition_by` of plain columns applies as in dbt-duckdb's `options`. */
function identityPartitions(node: ModelNode): string[] | undefined {
  const fields = node.config.partition_by ?? [];
  if (fields.length === 0 || fields.some((f) => f.transform !== 'identity')) return undefined;
  return fields.map((f) => f.field);
}

function optionValue(key: string, value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const written = String(value);
  if (STRING_OPTIONS.has(key) && !written.startsWith("'")) return quoteLiteral(written);
  return written;
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function absolute(path: string, projectRoot: string): string {
  return isAbsolute(path) ? path : resolve(projectRoot, path);
}

function configError(node: ModelNode, problem: string, hint: string): LdpError {
  return new LdpError({
    code: 'LDP166',
    message: `external model '${node.name}': ${problem}`,
    span: node.span,
    hint,
  });
}
