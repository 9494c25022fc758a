import { quoteIdentifier } from '../../sql/index.js';
import { pyFunction } from '../python/py-args.js';
import { pythonStr } from '../python/python-repr.js';

const STRING_TYPES = /^(varchar|text|string|char|character varying|character|bpchar|nvarchar)\b/i;
const INTEGER_TYPES =
  /^(tinyint|smallint|integer|int|bigint|hugeint|utinyint|usmallint|uinteger|ubigint|uhugeint|int\d|long|short|signed)\b/i;
const FLOAT_TYPES = /^(double|float|real|float4|float8)\b/i;
const NUMERIC_TYPES = /^(decimal|numeric)\b/i;

/**
 * dbt's Column: what `adapter.get_columns_in_relation` returns and `api.Column(name, dtype)`
 * makes. `name` and `column` are the name as stored, `quoted` the SQL identifier, `dtype` the
 * type as DuckDB names it, `data_type` with its size or precision.
 */
export class TemplateColumn {
  constructor(
    readonly name: string,
    readonly dtype: string,
    readonly char_size: number | null = null,
    readonly numeric_precision: number | null = null,
    readonly numeric_scale: number | null = null,
  ) {}

  get column(): string {
    return this.name;
  }
  get quoted(): string {
    return quoteIdentifier(this.name);
  }
  get data_type(): string {
    if (this.is_string() && this.char_size !== null) return `${this.dtype}(${this.char_size})`;
    if (this.is_numeric() && this.numeric_precision !== null && !/\(/.test(this.dtype))
      return `${this.dtype}(${this.numeric_precision},${this.numeric_scale ?? 0})`;
    return this.dtype;
  }

  is_string(): boolean {
    return STRING_TYPES.test(this.dtype);
  }
  is_integer(): boolean {
    return INTEGER_TYPES.test(this.dtype);
  }
  is_float(): boolean {
    return FLOAT_TYPES.test(this.dtype);
  }
  is_numeric(): boolean {
    return NUMERIC_TYPES.test(this.dtype);
  }
  is_number(): boolean {
    return this.is_integer() || this.is_float() || this.is_numeric();
  }
  string_size(): number {
    return this.char_size ?? 0;
  }

  toString(): string {
    return `<Column ${this.name} (${this.data_type})>`;
  }
}

const makeColumn = pyFunction(
  'Column',
  ['column', 'dtype', 'char_size', 'numeric_precision', 'numeric_scale'],
  (name: unknown, dtype: unknown, size: unknown, precision: unknown, scale: unknown) =>
    new TemplateColumn(
      pythonStr(name),
      pythonStr(dtype ?? ''),
      numberOrNull(size),
      numberOrNull(precision),
      numberOrNull(scale),
    ),
);

/** dbt's `Column.TYPE_LABELS`: the generic type names `translate_type` turns into the adapter's. */
const TYPE_LABELS: Readonly<Record<string, string>> = {
  STRING: 'TEXT',
  TIMESTAMP: 'TIMESTAMP',
  FLOAT: 'FLOAT',
  INTEGER: 'INT',
  BOOLEAN: 'BOOLEAN',
};

/**
 * `api.Column(name, dtype, …)`, `api.Column.create(name, dtype)` and
 * `api.Column.translate_type(dtype)` (`'string'` → `TEXT`; other types unchanged), as dbt's.
 */
export const columnApi = Object.assign((...args: unknown[]) => makeColumn(...args), {
  create: pyFunction('create', ['name', 'label_or_dtype'], (name: unknown, dtype: unknown) =>
    makeColumn(name, dtype),
  ),
  translate_type: pyFunction('translate_type', ['dtype'], (dtype: unknown) => {
    const text = String(dtype);
    return TYPE_LABELS[text.toUpperCase()] ?? text;
  }),
  TYPE_LABELS,
});

function numberOrNull(value: unknown): number | null {
  return value === undefined || value === null ? null : Number(value);
}
