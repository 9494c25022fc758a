import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { didYouMeanHint, LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import type { ExternalLocation } from '../../model/properties.js';

export type FileFormat = 'parquet' | 'csv' | 'json' | 'ndjson';
export type SourceFormat = NonNullable<ExternalLocation['format']>;

/** `source('raw', 'trips')`, the way a user writes the source in a model. */
export function sourceLabel(source: SourceNode): string {
  return `source('${source.sourceName}', '${source.name}')`;
}

/**
 * Fills `{name}`-style placeholders as dbt-duckdb does with Python's `str.format_map`: the table's
 * `name` and `identifier`, the source's `schema`, `database` and `source_name`, and every `meta`
 * key; `{{` and `}}` stand for literal braces. Braces around anything that is not a plain name
 * (a struct literal such as `{'a': 'INT'}`) are left alone.
 */
export function fillPlaceholders(template: string, source: SourceNode): string {
  const values = placeholderValues(source);
  return template.replace(/\{\{|\}\}|\{([A-Za-z_]\w*)\}/g, (match, key: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const value = values.get(key!);
    if (value !== undefined) return value;
    throw new LdpError({
      code: 'LDP411',
      message: `${sourceLabel(source)}: the location '${template}' uses the unknown placeholder {${key}}`,
      span: source.span,
      hint:
        didYouMeanHint(key!, [...values.keys()]) ??
        `Placeholders available: ${[...values.keys()].join(', ')}.`,
    });
  });
}

function placeholderValues(source: SourceNode): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(source.meta)) {
    if (value !== null && typeof value !== 'object') values.set(key, String(value));
  }
  values.set('name', source.name);
  values.set('identifier', source.identifier);
  values.set('schema', source.relation.schema);
  values.set('source_name', source.sourceName);
  if (source.relation.database) values.set('database', source.relation.database);
  return values;
}

/**
 * URLs (`s3://…`, `https://…`) are passed to DuckDB as they are; paths are made absolute, from
 * the project folder. dbt-duckdb reads them from the folder dbt runs in, so a project run as
 * `dbt build --project-dir dbt_project` from its repository may name `data/x.csv` beside that
 * folder: when the path (or a glob's fixed folder) is missing from the project but present from
 * the working folder, that one is used.
 */
export function absoluteLocation(location: string, projectRoot: string, cwd = process.cwd()): string {
  if (/^[A-Za-z][\w+.-]*:\/\//.test(location) || isAbsolute(location)) return location;
  const fromProject = resolve(projectRoot, location);
  if (resolve(cwd) === resolve(projectRoot) || existsSync(fixedPart(fromProject))) return fromProject;
  const fromCwd = resolve(cwd, location);
  return existsSync(fixedPart(fromCwd)) ? fromCwd : fromProject;
}

/** The path up to its first glob character's folder (the whole path when it has none). */
function fixedPart(path: string): string {
  const glob = path.search(/[*?[{]/);
  if (glob === -1) return path;
  const slash = path.lastIndexOf('/', glob);
  return slash <= 0 ? '/' : path.slice(0, slash);
}

const EXTENSIONS: readonly [RegExp, FileFormat][] = [
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(csv|tsv|txt)$/i, 'csv'],
  [/\.(ndjson|jsonl)$/i, 'ndjson'],
  [/\.json$/i, 'json'],
];

/** The format a file name implies (`.csv.gz` counts as `.csv`), or undefined. */
export function formatFromExtension(location: string): FileFormat | undefined {
  const name = location.replace(/\.(gz|gzip|zst|zstd)$/i, '');
  return EXTENSIONS.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * A location whose last segment has neither an extension nor a glob is a folder: it stands for
 * every file of the format below it (`trips/` → `trips/**\/*.parquet`), which is also how
 * hive-partitioned folders (`trips/year=2023/month=01/…`) are read.
 */
export function expandFolder(location: string, format: FileFormat): string {
  const last = location.replace(/\/+$/, '').split('/').pop() ?? '';
  const isFolder = location.endsWith('/') || (!last.includes('.') && !/[*?[]/.test(last));
  return isFolder ? `${location.replace(/\/+$/, '')}/**/*.${format}` : location;
}

/** True when the path has glob characters, so "missing" means "matches nothing". */
export function isGlob(location: string): boolean {
  return /[*?[]/.test(location);
}
