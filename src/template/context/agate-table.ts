import type { ItemLookup } from '../python/lookup.js';
import { PyTuple } from '../python/py-types.js';
import { PyDateTime } from './py-datetime.js';
import type { QueryResult } from './warehouse-port.js';

/**
 * agate's MappedSequence, the shape of dbt's query results: a list (iterated, counted and
 * indexed by position) whose items are also found by name (`row['id']`, `columns['id']`), with
 * Python's `keys()`, `values()`, `items()` and `get()` (not JavaScript's array methods).
 */
class MappedSequence<T> extends Array<T> implements ItemLookup {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  protected names: readonly string[] = [];
  /** Attributes besides the Python methods (a column's `name` and `data_type`). */
  protected attributes: Readonly<Record<string, unknown>> = {};

  pyGetItem(key: unknown): unknown {
    if (typeof key === 'number') return this[key < 0 ? this.length + key : key];
    const index = this.names.indexOf(String(key));
    return index === -1 ? undefined : this[index];
  }

  pyGetAttr(name: string): unknown {
    if (Object.hasOwn(this.attributes, name)) return this.attributes[name];
    switch (name) {
      case 'keys':
        return () => PyTuple.make(this.names);
      case 'values':
        return () => PyTuple.make(this);
      case 'items':
        return () => this.names.map((key, i) => PyTuple.make<unknown>([key, this[i]]));
      case 'get':
        return (key: unknown, fallback: unknown = null) => this.pyGetItem(key) ?? fallback;
      case 'values_distinct':
        return () => PyTuple.make(new Set(this));
      case 'values_without_nulls':
        return () => PyTuple.make(this.filter((value) => value !== null && value !== undefined));
      case 'count':
        return (value: unknown) => this.filter((item) => item === value).length;
      case 'index':
        return (value: unknown) => this.indexOf(value as T);
      default:
        return undefined;
    }
  }

  static named<T>(names: readonly string[], items: readonly T[], attributes = {}): MappedSequence<T> {
    const sequence = new MappedSequence<T>();
    sequence.names = names;
    sequence.attributes = attributes;
    sequence.push(...items);
    return sequence;
  }
}

export type AgateRow = MappedSequence<unknown>;
export type AgateColumn = MappedSequence<unknown>;

/** What `run_query` and `load_result(…).table` give: agate's Table, read-only. */
export class AgateTable {
  readonly column_names: PyTuple<string>;
  readonly column_types: PyTuple<string>;
  readonly rows: MappedSequence<AgateRow>;
  readonly columns: MappedSequence<AgateColumn>;

  constructor(result: QueryResult) {
    const names = result.columns.map((column) => column.name);
    this.column_names = PyTuple.make(names);
    this.column_types = PyTuple.make(result.columns.map((column) => column.type));
    const rows = result.rows.map((values) => MappedSequence.named(names, values.map(templateValue)));
    this.rows = MappedSequence.named([], rows);
    this.columns = MappedSequence.named(
      names,
      result.columns.map((column, i) =>
        MappedSequence.named(
          [],
          rows.map((row) => row[i]),
          { name: column.name, data_type: column.type },
        ),
      ),
    );
  }

  /** Plain rows, as dbt's `load_result(…).data` gives them. */
  data(): PyTuple[] {
    return this.rows.map((row) => PyTuple.make(row));
  }

  pyBool(): boolean {
    return true;
  }

  print_table(): string {
    return '';
  }
}

/**
 * DuckDB's JavaScript values as templates expect Python's: integers that fit are numbers, larger
 * ones their digits, timestamps `datetime` values, lists and structs as lists and dicts.
 */
export function templateValue(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  if (value instanceof Date) return PyDateTime.fromDate(value);
  if (Array.isArray(value)) return value.map(templateValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, templateValue(item)]));
  return value;
}
