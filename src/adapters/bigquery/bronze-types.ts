import type { TableField } from '@google-cloud/bigquery';
import { LdpError } from '../../errors/index.js';
import { quoteIdentifier } from '../../sql/index.js';

/**
 * BigQuery types in the local lakehouse. Scalars arrive as the REST API's strings and are cast in
 * DuckDB: INT64 → BIGINT, FLOAT64 → DOUBLE, NUMERIC → DECIMAL(38,9) (its exact range),
 * BIGNUMERIC → text (76 digits exceed Iceberg's decimal(38)), BOOL, STRING, BYTES (base64 → BLOB),
 * DATE, DATETIME → TIMESTAMP, TIME, TIMESTAMP (µs since the epoch) → TIMESTAMPTZ, GEOGRAPHY →
 * WKT text, JSON → text. RECORD → STRUCT and REPEATED → LIST arrive as the REST API's nested
 * cells and are rebuilt in SQL (`typedCellSql`).
 */
const SCALARS: Record<string, string> = {
  INTEGER: 'BIGINT',
  INT64: 'BIGINT',
  FLOAT: 'DOUBLE',
  FLOAT64: 'DOUBLE',
  NUMERIC: 'DECIMAL(38,9)',
  BIGNUMERIC: 'VARCHAR',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  DATE: 'DATE',
  DATETIME: 'TIMESTAMP',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMPTZ',
  GEOGRAPHY: 'VARCHAR',
  JSON: 'VARCHAR',
};

const isRecord = (field: TableField) => field.type === 'RECORD' || field.type === 'STRUCT';
export const isNested = (field: TableField) => isRecord(field) || field.mode === 'REPEATED';

/** The DuckDB type a column is stored with; nested BYTES stay base64 text. */
export function duckTypeOf(field: TableField, nested = false): string {
  const element = isRecord(field)
    ? `STRUCT(${(field.fields ?? []).map((f) => `${quoteIdentifier(f.name!)} ${duckTypeOf(f, true)}`).join(', ')})`
    : nested && field.type === 'BYTES'
      ? 'VARCHAR'
      : SCALARS[String(field.type)];
  if (!element)
    throw new LdpError({
      code: 'LDP494',
      message: `BigQuery column ${field.name} has type ${field.type}, which ldp cannot load`,
      hint: 'Leave the column out with a query in meta.bigquery, or cast it to a supported type there.',
    });
  return field.mode === 'REPEATED' ? `${element}[]` : element;
}

/** The typed value of a scalar REST cell whose text is the SQL expression `text`. */
export function castFromText(field: TableField, text: string): string {
  return castScalar(duckTypeOf(field), text);
}

function castScalar(type: string, text: string): string {
  switch (type) {
    case 'VARCHAR':
      return text;
    case 'BLOB':
      return `from_base64(${text})`;
    case 'TIMESTAMPTZ':
      return `CAST(make_timestamp(CAST(${text} AS BIGINT)) AS TIMESTAMPTZ)`;
    case 'DECIMAL(38,9)':
      // Text to a 38-digit decimal is about 80× slower in DuckDB than to an 18-digit one, so
      // values that fit 18 digits take that way; the others (or NULL) the exact 38-digit cast.
      return `coalesce(TRY_CAST(${text} AS DECIMAL(18,9)), CAST(${text} AS DECIMAL(38,9)))`;
    default:
      return `CAST(${text} AS ${type})`;
  }
}

/**
 * The typed value of a top-level REST cell: `text` is the cell's `v` as text (the string of a
 * scalar, the JSON of a record `{f: [...]}` or of a list `[{v: ...}, ...]`).
 */
export function typedCellSql(field: TableField, text: string): string {
  if (!isNested(field)) return castFromText(field, text);
  return `CAST(${nestedFromJson(field, `CAST(${text} AS JSON)`, 0)} AS ${duckTypeOf(field)})`;
}

/**
 * A nested REST value `json` (DuckDB JSON) as its DuckDB value, built in SQL: records from their
 * `f` cells by position, lists from their `v` elements; TIMESTAMP leaves are µs like top-level
 * ones, nested BYTES stay base64 text.
 */
function nestedFromJson(field: TableField, json: string, depth: number): string {
  if (field.mode === 'REPEATED') {
    const x = `x${depth}`;
    const element = nestedFromJson({ ...field, mode: 'NULLABLE' }, `json_extract(${x}, '$.v')`, depth + 1);
    return `list_transform(CAST(${json} AS JSON[]), lambda ${x}: ${element})`;
  }
  if (isRecord(field)) {
    const members = (field.fields ?? []).map(
      (f, i) =>
        `${quoteIdentifier(f.name!)} := ${nestedFromJson(f, `json_extract(${json}, '$.f[${i}].v')`, depth + 1)}`,
    );
    return `CASE WHEN json_type(${json}) = 'OBJECT' THEN struct_pack(${members.join(', ')}) END`;
  }
  return castScalar(duckTypeOf(field, true), `json_extract_string(${json}, '$')`);
}
