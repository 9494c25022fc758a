/**
 * JavaScript stand-ins for the Python values Jinja2 templates see. Arrays and plain objects are
 * Python lists and dicts; these classes cover the rest. Each subclass of Array stays an array (so
 * iteration, `length`, indexing and `in` need no special cases) but prints as Python does.
 */

/** A Python tuple: `(1, 'a')`. */
export class PyTuple<T = unknown> extends Array<T> {
  // Derived arrays (`map`, `filter`, `slice`) are plain lists, so tuple-ness never leaks.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  static override of<T>(...items: T[]): PyTuple<T> {
    return PyTuple.make(items);
  }

  static make<T>(items: Iterable<T>): PyTuple<T> {
    const tuple = new PyTuple<T>();
    for (const item of items) tuple.push(item);
    return tuple;
  }
}

/** A Python set: unique items in insertion order (Python's order is arbitrary; this one is stable). */
export class PySet<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  static make<T>(items: Iterable<T>, equals: (a: unknown, b: unknown) => boolean = Object.is): PySet<T> {
    const set = new PySet<T>();
    for (const item of items) set.addItem(item, equals);
    return set;
  }

  addItem(item: T, equals: (a: unknown, b: unknown) => boolean = Object.is): void {
    if (!this.some((existing) => equals(existing, item))) this.push(item);
  }
}

/** `dict.keys()`, `dict.values()`, `dict.items()`: lists that print as `dict_keys([...])`. */
export class PyView<T = unknown> extends Array<T> {
  kind: 'dict_keys' | 'dict_values' | 'dict_items' = 'dict_keys';

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  static create<T>(kind: PyView['kind'], items: Iterable<T>): PyView<T> {
    const view = new PyView<T>();
    view.kind = kind;
    for (const item of items) view.push(item);
    return view;
  }
}

/** The `(grouper, list)` pairs of the `groupby` filter, with both names as attributes. */
export class GroupTuple extends PyTuple {
  get grouper(): unknown {
    return this[0];
  }

  get list(): unknown {
    return this[1];
  }
}

/** Jinja2's `namespace()`: the one object whose attributes `{% set ns.x = … %}` may assign. */
export class PyNamespace {
  constructor(attributes: Record<string, unknown>) {
    Object.assign(this, attributes);
  }
}

/**
 * Marks a class whose instances Python code sees as a mapping (`is mapping`), as dbt's Relation
 * is one: `relation.get('metadata')` reads its attributes.
 */
export const PY_MAPPING: unique symbol = Symbol('ldp.pyMapping');

/** A class instance that answers `is mapping` (see `PY_MAPPING`). */
export function isMappingObject(value: unknown): boolean {
  return (
    value !== null && typeof value === 'object' && (value as { [PY_MAPPING]?: unknown })[PY_MAPPING] === true
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The keys of a dict as Python sees them (nunjucks' keyword-arguments flag is not a key). */
export function dictKeys(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value);
  return Object.hasOwn(value, '__keywords') ? keys.filter((key) => key !== '__keywords') : keys;
}

/** Python's type name of a value, for error messages. */
export function pyTypeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'function') return 'function';
  if (value instanceof PyTuple) return 'tuple';
  if (value instanceof PySet) return 'set';
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value) || value instanceof Map) return 'dict';
  return (value as object).constructor?.name ?? 'object';
}
