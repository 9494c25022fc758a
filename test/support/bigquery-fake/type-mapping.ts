import type { Cell, FieldSchema } from './types.js';

/** BigQuery's legacy and standard type names, as the REST API answers with the legacy ones. */
const LEGACY: Record<string, string> = {
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  BOOL: 'BOOLEAN',
  STRUCT: 'RECORD',
};

export function legacyType(type: string): string {
  const upper = type.toUpperCase();
  return LEGACY[upper] ?? upper;
}

/** How the fake stores a BigQuery column in DuckDB. */
export function duckType(field: FieldSchema): string {
  const base = scalarDuckType(field);
  return field.mode === 'REPEATED' ? `${base}[]` : base;
}

function scalarDuckType(field: FieldSchema): string {
  switch (legacyType(field.type)) {
    case 'INTEGER':
      return 'BIGINT';
    case 'FLOAT':
      return 'DOUBLE';
    case 'NUMERIC':
      return 'DECIMAL(38,9)';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'BYTES':
      return 'BLOB';
    case 'DATE':
      return 'DATE';
    case 'DATETIME':
      return 'TIMESTAMP';
    case 'TIME':
      return 'TIME';
    case 'TIMESTAMP':
      return 'TIMESTAMPTZ';
    case 'JSON':
      return 'JSON';
    case 'RECORD':
      return `STRUCT(${(field.fields ?? []).map((f) => `"${f.name}" ${duckType(f)}`).join(', ')})`;
    default:
      // STRING, GEOGRAPHY (WKT text), BIGNUMERIC (beyond DuckDB's 38 digits): text.
      return 'VARCHAR';
  }
}

/** A BigQuery field for a DuckDB result column (query results whose column is not a stored one). */
export function fieldForDuckType(name: string, duck: string): FieldSchema {
  if (duck.endsWith('[]')) return { ...fieldForDuckType(name, duck.slice(0, -2)), mode: 'REPEATED' };
  const type = /^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)$/.test(duck)
    ? 'INTEGER'
    : /^(DOUBLE|FLOAT)$/.test(duck)
      ? 'FLOAT'
      : duck.startsWith('DECIMAL')
        ? 'NUMERIC'
        : duck === 'BOOLEAN'
          ? 'BOOLEAN'
          : duck === 'BLOB'
            ? 'BYTES'
            : duck === 'DATE'
              ? 'DATE'
              : duck === 'TIMESTAMP'
                ? 'DATETIME'
                : duck === 'TIMESTAMP WITH TIME ZONE'
                  ? 'TIMESTAMP'
                  : duck === 'TIME'
                    ? 'TIME'
                    : duck === 'JSON'
                      ? 'JSON'
                      : 'STRING';
  return { name, type, mode: 'NULLABLE' };
}

/**
 * A SQL expression giving a scalar column's value as the REST API's string: INT64 and NUMERIC
 * as decimal text, BOOL as `true`/`false`, TIMESTAMP as microseconds since the epoch (the
 * client asks `formatOptions.useInt64Timestamp=true`), DATETIME as `YYYY-MM-DDTHH:MM:SS[.ffffff]`,
 * BYTES as base64. RECORD and REPEATED columns come as JSON and are shaped in JavaScript.
 */
export function restValueSql(field: FieldSchema, column: string): string {
  if (field.mode === 'REPEATED' || legacyType(field.type) === 'RECORD')
    return `CAST(to_json(${column}) AS VARCHAR)`;
  switch (legacyType(field.type)) {
    case 'BOOLEAN':
      return `CASE WHEN ${column} THEN 'true' ELSE 'false' END`;
    case 'TIMESTAMP':
      return `CAST(epoch_us(${column}) AS VARCHAR)`;
    case 'DATETIME':
      return `replace(strftime(${column}, '%Y-%m-%dT%H:%M:%S.%f'), '.000000', '')`;
    case 'NUMERIC':
      return `CASE WHEN ${column} = 0 THEN '0' ELSE rtrim(rtrim(${decimalText(column)}, '0'), '.') END`;
    case 'BYTES':
      return `to_base64(${column})`;
    default:
      return `CAST(${column} AS VARCHAR)`;
  }
}

/**
 * A DECIMAL(38,9) as text. DuckDB formats a 38-digit decimal (a 128-bit integer) several times
 * slower than an 18-digit one, so values that fit in 18 digits are formatted as those.
 */
function decimalText(column: string): string {
  return `CASE WHEN abs(${column}) < 1000000000 THEN CAST(CAST(${column} AS DECIMAL(18,9)) AS VARCHAR) ELSE CAST(${column} AS VARCHAR) END`;
}

/** Types whose REST text never needs JSON escaping (digits, signs, dates, `true`/`false`). */
const PLAIN_TEXT = new Set([
  'INTEGER',
  'FLOAT',
  'NUMERIC',
  'BOOLEAN',
  'TIMESTAMP',
  'DATETIME',
  'DATE',
  'TIME',
]);

/**
 * A SQL expression giving a scalar column's REST cell as JSON text (`{"v":"…"}` or
 * `{"v":null}`), built by string concatenation: much cheaper than `to_json` of a struct.
 */
export function restCellJsonSql(field: FieldSchema, column: string): string {
  const text = restValueSql(field, column);
  const value = PLAIN_TEXT.has(legacyType(field.type))
    ? `'"' || ${text} || '"'`
    : `CAST(to_json(CAST(${text} AS VARCHAR)) AS VARCHAR)`;
  return `coalesce('{"v":' || ${value} || '}', '{"v":null}')`;
}

/** A cell of a nested value (RECORD fields, REPEATED elements) from its JSON form. */
export function nestedCell(field: FieldSchema, value: unknown): Cell {
  if (value === null || value === undefined) return { v: null };
  if (field.mode === 'REPEATED') {
    const element = { ...field, mode: 'NULLABLE' as const };
    return { v: (value as unknown[]).map((item) => nestedCell(element, item)) };
  }
  if (legacyType(field.type) === 'RECORD') {
    const record = value as Record<string, unknown>;
    return { v: { f: (field.fields ?? []).map((f) => nestedCell(f, record[f.name])) } };
  }
  if (legacyType(field.type) === 'TIMESTAMP') return { v: microsOf(String(value)) };
  if (legacyType(field.type) === 'DATETIME') return { v: String(value).replace(' ', 'T') };
  return { v: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** DuckDB's UTC timestamp text (`2020-01-01 00:00:00.000001+00`) as µs since the epoch, exactly. */
function microsOf(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?/.exec(text);
  if (!m) throw new Error(`unexpected timestamp text ${text}`);
  const seconds = BigInt(Date.parse(`${m[1]}T${m[2]}Z`) / 1000);
  return String(seconds * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0')));
}
