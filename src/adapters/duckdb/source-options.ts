import { didYouMeanHint, LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import { quoteLiteral, type SqlValue } from '../../sql/index.js';
import type { FileFormat } from './source-location.js';
import { sourceLabel } from './source-location.js';

const SHARED = [
  'compression',
  'filename',
  'hive_partitioning',
  'hive_types',
  'hive_types_autocast',
  'union_by_name',
];

const JSON_OPTIONS = [
  ...SHARED,
  'auto_detect',
  'columns',
  'convert_strings_to_integers',
  'date_format',
  'dateformat',
  'field_appearance_threshold',
  'format',
  'ignore_errors',
  'map_inference_threshold',
  'maximum_depth',
  'maximum_object_size',
  'maximum_sample_files',
  'records',
  'sample_size',
  'timestamp_format',
  'timestampformat',
];

/** The named parameters of DuckDB's readers (1.5) that a source may set. */
const READER_OPTIONS: Readonly<Record<FileFormat, readonly string[]>> = {
  parquet: [...SHARED, 'binary_as_string', 'file_row_number', 'schema', 'encryption_config'],
  csv: [
    ...SHARED,
    'all_varchar',
    'allow_quoted_nulls',
    'auto_detect',
    'auto_type_candidates',
    'columns',
    'column_names',
    'column_types',
    'comment',
    'dateformat',
    'decimal_separator',
    'delim',
    'dtypes',
    'encoding',
    'escape',
    'force_not_null',
    'header',
    'ignore_errors',
    'max_line_size',
    'names',
    'new_line',
    'normalize_names',
    'null_padding',
    'nullstr',
    'parallel',
    'quote',
    'rejects_limit',
    'rejects_scan',
    'rejects_table',
    'sample_size',
    'sep',
    'skip',
    'store_rejects',
    'strict_mode',
    'thousands',
    'timestampformat',
    'types',
  ],
  json: JSON_OPTIONS,
  ndjson: JSON_OPTIONS,
};

/** Friendlier spellings accepted in `options:` and the DuckDB parameter each stands for. */
const ALIASES: Readonly<Record<string, string>> = { delimiter: 'delim', json_format: 'format' };

/** The DuckDB reader function for a file format. */
export const READERS: Readonly<Record<FileFormat, string>> = {
  parquet: 'read_parquet',
  csv: 'read_csv',
  json: 'read_json',
  ndjson: 'read_ndjson',
};

/**
 * `name = value` arguments for the reader of `format`, in the order written. Unknown names are
 * an error naming the source; YAML mappings become struct literals (`columns: {id: BIGINT}` →
 * `columns = {'id': 'BIGINT'}`) and lists become lists.
 */
export function readerArguments(
  source: SourceNode,
  format: FileFormat,
  options: Readonly<Record<string, unknown>>,
): string[] {
  const allowed = READER_OPTIONS[format];
  return Object.entries(options).map(([written, value]) => {
    const name = ALIASES[written.toLowerCase()] ?? written.toLowerCase();
    if (!allowed.includes(name)) {
      throw new LdpError({
        code: 'LDP410',
        message: `${sourceLabel(source)}: '${written}' is not an option of ${READERS[format]}`,
        span: source.span,
        hint:
          didYouMeanHint(written, [...allowed, ...Object.keys(ALIASES)]) ??
          `Options of ${READERS[format]}: ${allowed.join(', ')}.`,
      });
    }
    return `${name} = ${quoteLiteral(toSqlValue(value))}`;
  });
}

/** YAML values as SQL values; dates (YAML timestamps) become ISO strings. */
function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toSqlValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSqlValue(v)]));
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value;
  return String(value);
}
