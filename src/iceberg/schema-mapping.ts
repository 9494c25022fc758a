import { LdpError } from '../errors/index.js';
import { quoteIdentifier as quote } from '../sql/index.js';
import { type DuckType, parseDuckType } from './duckdb-type-parser.js';
import type { IcebergType, NestedField, PrimitiveType, Schema } from './types.js';

/** DuckDB primitives Iceberg v2 holds directly. */
const DIRECT: Record<string, PrimitiveType> = {
  BOOLEAN: 'boolean',
  INTEGER: 'int',
  BIGINT: 'long',
  FLOAT: 'float',
  DOUBLE: 'double',
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  VARCHAR: 'string',
  UUID: 'uuid',
  BLOB: 'binary',
};

/** DuckDB primitives that need a cast first (ICEBERG.md), and the type they become. */
const WIDENED: Record<string, string> = {
  TINYINT: 'INTEGER',
  SMALLINT: 'INTEGER',
  UTINYINT: 'INTEGER',
  USMALLINT: 'INTEGER',
  UINTEGER: 'BIGINT',
  HUGEINT: 'DECIMAL(38,0)',
  UBIGINT: 'DECIMAL(38,0)',
  UHUGEINT: 'DECIMAL(38,0)',
  TIMESTAMP_NS: 'TIMESTAMP',
  TIMESTAMP_MS: 'TIMESTAMP',
  TIMESTAMP_S: 'TIMESTAMP',
  ENUM: 'VARCHAR',
  // DuckDB's JSON is VARCHAR text with a type name; Iceberg has no JSON type, engines store it as a string.
  JSON: 'VARCHAR',
  'VARCHAR COLLATE': 'VARCHAR',
};

const REJECTED = new Set(['INTERVAL', 'TIME WITH TIME ZONE', 'BIT', 'UNION', 'VARINT', 'BIGNUM', 'NULL']);

export interface ColumnPlan {
  readonly name: string;
  /** The DuckDB type to cast to before writing (equal to the input type when none is needed). */
  readonly writeType: string;
  readonly needsCast: boolean;
}

/**
 * An Iceberg schema for query columns (`DESCRIBE` output), with fresh field ids from `nextId`,
 * plus the casts DuckDB must apply so the Parquet types are ones Iceberg accepts. A type
 * Iceberg cannot hold is an error naming the column.
 */
export function schemaFromDuckDb(
  columns: readonly { name: string; type: string }[],
  schemaId: number,
  firstId = 1,
): { schema: Schema; lastColumnId: number; plan: ColumnPlan[] } {
  let next = firstId;
  const ids = () => next++;
  const fields: NestedField[] = [];
  const plan: ColumnPlan[] = [];
  for (const column of columns) {
    const parsed = parseDuckType(column.type);
    const converted = convert(parsed, column.name, ids);
    fields.push({ id: converted.id, name: column.name, required: false, type: converted.type });
    plan.push({
      name: column.name,
      writeType: converted.duckType,
      needsCast: converted.duckType !== column.type,
    });
  }
  return { schema: { type: 'struct', 'schema-id': schemaId, fields }, lastColumnId: next - 1, plan };
}

interface Converted {
  readonly id: number;
  readonly type: IcebergType;
  readonly duckType: string;
}

function convert(type: DuckType, column: string, ids: () => number): Converted {
  const id = ids();
  return { id, ...convertType(type, column, ids) };
}

function convertType(
  type: DuckType,
  column: string,
  ids: () => number,
): { type: IcebergType; duckType: string } {
  switch (type.kind) {
    case 'primitive':
      return convertPrimitive(type.name, type.args, column);
    case 'struct': {
      const fields = type.fields.map((f) => ({
        name: f.name,
        converted: convert(f.type, `${column}.${f.name}`, ids),
      }));
      return {
        type: {
          type: 'struct',
          fields: fields.map((f) => ({
            id: f.converted.id,
            name: f.name,
            required: false,
            type: f.converted.type,
          })),
        },
        duckType: `STRUCT(${fields.map((f) => `${quote(f.name)} ${f.converted.duckType}`).join(', ')})`,
      };
    }
    case 'list': {
      const element = convert(type.element, `${column}[]`, ids);
      return {
        type: { type: 'list', 'element-id': element.id, element: element.type, 'element-required': false },
        duckType: `${element.duckType}[]`,
      };
    }
    case 'map': {
      const key = convert(type.key, `${column}.key`, ids);
      const value = convert(type.value, `${column}.value`, ids);
      return {
        type: {
          type: 'map',
          'key-id': key.id,
          key: key.type,
          'value-id': value.id,
          value: value.type,
          'value-required': false,
        },
        duckType: `MAP(${key.duckType}, ${value.duckType})`,
      };
    }
    case 'other':
      throw unsupported(column, type.text);
  }
}

function convertPrimitive(
  name: string,
  args: readonly number[],
  column: string,
): { type: IcebergType; duckType: string } {
  if (name === 'DECIMAL' || name === 'NUMERIC') {
    const [precision = 18, scale = 3] = args;
    return { type: `decimal(${precision}, ${scale})`, duckType: `DECIMAL(${precision},${scale})` };
  }
  const direct = DIRECT[name];
  if (direct) return { type: direct, duckType: name };
  const widened = WIDENED[name] ?? (name.startsWith('VARCHAR') ? 'VARCHAR' : undefined);
  if (widened)
    return convertPrimitive(widened.replace(/\(.*$/, ''), widened.includes('(') ? [38, 0] : [], column);
  if (REJECTED.has(name)) throw unsupported(column, name);
  throw unsupported(column, name);
}

function unsupported(column: string, type: string): LdpError {
  return new LdpError({
    code: 'LDP506',
    message: `column '${column}' has type ${type}, which an Iceberg table cannot store`,
    hint:
      type === 'INTERVAL'
        ? 'Store the interval as a number (e.g. epoch seconds) or a string.'
        : 'Cast the column to a supported type in the model SQL (e.g. ::VARCHAR).',
  });
}

/** The DuckDB type that reads an Iceberg type back. */
export function duckTypeOf(type: IcebergType): string {
  if (typeof type === 'string') {
    if (type.startsWith('decimal(')) return type.replace('decimal', 'DECIMAL').replace(' ', '');
    if (type.startsWith('fixed[')) return 'BLOB';
    const reverse: Record<string, string> = {
      boolean: 'BOOLEAN',
      int: 'INTEGER',
      long: 'BIGINT',
      float: 'FLOAT',
      double: 'DOUBLE',
      date: 'DATE',
      time: 'TIME',
      timestamp: 'TIMESTAMP',
      timestamptz: 'TIMESTAMP WITH TIME ZONE',
      string: 'VARCHAR',
      uuid: 'UUID',
      binary: 'BLOB',
      timestamp_ns: 'TIMESTAMP_NS',
    };
    return reverse[type] ?? 'VARCHAR';
  }
  switch (type.type) {
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quote(f.name)} ${duckTypeOf(f.type)}`).join(', ')})`;
    case 'list':
      return `${duckTypeOf(type.element)}[]`;
    case 'map':
      return `MAP(${duckTypeOf(type.key)}, ${duckTypeOf(type.value)})`;
  }
}

/** `FIELD_IDS {...}` for DuckDB's Parquet writer: nested fields get `__duckdb_field_id`. */
export function fieldIdsSql(fields: readonly NestedField[]): string {
  return `{${fields.map((f) => `${quote(f.name)}: ${fieldIdEntry(f.id, f.type)}`).join(', ')}}`;
}

function fieldIdEntry(id: number, type: IcebergType): string {
  if (typeof type === 'string') return String(id);
  switch (type.type) {
    case 'struct':
      return `{__duckdb_field_id: ${id}, ${type.fields.map((f) => `${quote(f.name)}: ${fieldIdEntry(f.id, f.type)}`).join(', ')}}`;
    case 'list':
      return `{__duckdb_field_id: ${id}, element: ${fieldIdEntry(type['element-id'], type.element)}}`;
    case 'map':
      return `{__duckdb_field_id: ${id}, key: ${fieldIdEntry(type['key-id'], type.key)}, value: ${fieldIdEntry(type['value-id'], type.value)}}`;
  }
}
