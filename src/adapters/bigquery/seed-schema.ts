import { LdpError } from '../../errors/index.js';

/** A field of a load job's `schema.fields` (BigQuery REST API's TableFieldSchema). */
export interface LoadSchemaField {
  readonly name: string;
  readonly type: string;
  readonly mode: 'NULLABLE';
  readonly precision?: string;
  readonly scale?: string;
  readonly maxLength?: string;
}

/** DuckDB's types (what ldp infers for a seed's CSV columns) as BigQuery's. */
const FROM_DUCKDB: Readonly<Record<string, string>> = {
  BOOLEAN: 'BOOL',
  TINYINT: 'INT64',
  SMALLINT: 'INT64',
  INTEGER: 'INT64',
  BIGINT: 'INT64',
  UTINYINT: 'INT64',
  USMALLINT: 'INT64',
  UINTEGER: 'INT64',
  UBIGINT: 'BIGNUMERIC',
  HUGEINT: 'BIGNUMERIC',
  FLOAT: 'FLOAT64',
  DOUBLE: 'FLOAT64',
  VARCHAR: 'STRING',
  UUID: 'STRING',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'DATETIME',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP',
  BLOB: 'BYTES',
  JSON: 'JSON',
};

/** BigQuery's NUMERIC holds 38 digits, 9 after the point; wider decimals need BIGNUMERIC. */
function decimalType(precision: number, scale: number): string {
  return precision - scale <= 29 && scale <= 9 ? 'NUMERIC' : 'BIGNUMERIC';
}

/**
 * A seed's table schema for its load job: each CSV column with the type the seed's
 * `column_types` declares (GoogleSQL names, `numeric(10, 2)` and `string(20)` included), else the
 * type ldp inferred for it locally (DuckDB's), mapped to BigQuery's.
 */
export function seedLoadSchema(
  columns: readonly { readonly name: string; readonly inferredType: string }[],
  declared: Readonly<Record<string, string>>,
): LoadSchemaField[] {
  const declaredByName = new Map(Object.entries(declared).map(([name, type]) => [name.toLowerCase(), type]));
  return columns.map((column) => {
    const written = declaredByName.get(column.name.toLowerCase());
    return written === undefined
      ? inferredField(column.name, column.inferredType)
      : declaredField(column.name, written);
  });
}

function declaredField(name: string, written: string): LoadSchemaField {
  const match = /^\s*([A-Za-z0-9_]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(written);
  if (!match)
    throw new LdpError({
      code: 'LDP484',
      message: `column_types: '${written}' of seed column '${name}' is not a type a load job can declare`,
      hint: 'Use a GoogleSQL type name: string, int64, float64, numeric(p, s), bool, date, datetime, timestamp, time, bytes, json.',
    });
  const [, base, first, second] = match;
  const type = base!.toUpperCase();
  if (first === undefined) return { name, type, mode: 'NULLABLE' };
  if (type === 'STRING' || type === 'BYTES') return { name, type, mode: 'NULLABLE', maxLength: first };
  return {
    name,
    type,
    mode: 'NULLABLE',
    precision: first,
    ...(second === undefined ? {} : { scale: second }),
  };
}

function inferredField(name: string, duckdbType: string): LoadSchemaField {
  const type = duckdbType.trim().toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  const mapped = decimal ? decimalType(Number(decimal[1]), Number(decimal[2])) : FROM_DUCKDB[type];
  if (mapped === undefined)
    throw new LdpError({
      code: 'LDP484',
      message: `seed column '${name}' was read as ${type}, which has no BigQuery type`,
      hint: `Declare its type in the seed's column_types, e.g. column_types: {${name}: string}.`,
    });
  return { name, type: mapped, mode: 'NULLABLE' };
}
