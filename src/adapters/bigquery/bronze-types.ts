import type { TableField } from '@google-cloud/bigquery';
import { LdpError } from '../../errors/index.js';
import { quoteIdentifier } from '../../sql/index.js';

/**
 * BigQuery types in the local lakehouse. Scalars arrive as the REST API's strings and are cast in
 * DuckDB: INT64 → BIGINT, FLOAT64 → DOUBLE, NUMERIC → DECIMAL(38,9) (its exact range),
 * BIGNUMERIC → text (76 digits exceed Iceberg's decimal(38)), BOOL, STRING, BYTES (base64 → BLOB),
 * DATE, DATETIME → TIMESTAMP, TIME, TIMESTAMP (µs since the epoch) → TIMESTAMPTZ, GEOGRAPHY →
 * WKT text, JSON → text. RECORD → STRUCT and REPEATED → LIST arrive as JSON text (see
 * `nestedJson`) and are cast as a whole.
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

/** The typed value of a staged text column `column` (the REST string, or JSON for nested). */
export function castFromText(field: TableField, column: string): string {
  const type = duckTypeOf(field);
  if (isNested(field)) return `CAST(CAST(${column} AS JSON) AS ${type})`;
  switch (type) {
    case 'VARCHAR':
      return column;
    case 'BLOB':
      return `from_base64(${column})`;
    case 'TIMESTAMPTZ':
      return `CAST(make_timestamp(CAST(${column} AS BIGINT)) AS TIMESTAMPTZ)`;
    default:
      return `CAST(${column} AS ${type})`;
  }
}

/**
 * A nested cell as JSON text DuckDB casts to the column's type: records as objects, repeated
 * values as arrays, scalars as their strings; TIMESTAMP leaves (µs) as ISO text.
 */
export function nestedJson(field: TableField, value: unknown): string {
  return JSON.stringify(plain(field, value));
}

function plain(field: TableField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === 'REPEATED')
    return (value as { v: unknown }[]).map((cell) => plain({ ...field, mode: 'NULLABLE' }, cell.v));
  if (isRecord(field)) {
    const cells = (value as { f: { v: unknown }[] }).f;
    return Object.fromEntries((field.fields ?? []).map((f, i) => [f.name, plain(f, cells[i]?.v)]));
  }
  if (field.type === 'TIMESTAMP') return microsToIso(String(value));
  return value;
}

/** `1704067201500000` → `2024-01-01T00:00:01.500000Z`, exact to the microsecond. */
export function microsToIso(micros: string): string {
  const us = BigInt(micros);
  const ms = us / 1000n - (us % 1000n < 0n ? 1n : 0n);
  const fraction = ((us % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${String(fraction).padStart(6, '0')}Z`;
}
