import { DICT_METHODS, LIST_METHODS, SET_METHODS, TUPLE_METHODS } from './collection-methods.js';
import { isPlainObject, PySet, PyTuple, PyView } from './py-types.js';
import { STR_METHODS } from './str-methods.js';

type Table = Readonly<Record<string, (self: never, ...args: unknown[]) => unknown>>;

function tableFor(value: unknown): Table | undefined {
  if (typeof value === 'string') return STR_METHODS;
  if (Array.isArray(value)) {
    if (value instanceof PyTuple || value instanceof PyView) return TUPLE_METHODS;
    return value instanceof PySet ? SET_METHODS : LIST_METHODS;
  }
  return isPlainObject(value) ? DICT_METHODS : undefined;
}

/** The bound Python method `name` of `value` (`'a'.upper`, `[].append`, `{}.items`), if Python has one. */
export function pythonMethod(value: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  const table = tableFor(value);
  if (table === undefined || !Object.hasOwn(table, name)) return undefined;
  const method = table[name] as (self: unknown, ...args: unknown[]) => unknown;
  return (...args: unknown[]) => method(value, ...args);
}
