import { pythonMethod } from './methods.js';
import { PyError } from './py-errors.js';
import { isMappingObject, isPlainObject, PyNamespace } from './py-types.js';

/**
 * A value that answers `obj[key]` and `obj.name` itself, before list or attribute semantics
 * apply: agate's rows and columns are lists whose `keys()`/`values()` are Python's, not Array's.
 */
export interface ItemLookup {
  pyGetItem?(key: unknown): unknown;
  pyGetAttr?(name: string): unknown;
}

function isSafeString(value: object): boolean {
  return value.constructor?.name === 'SafeString';
}

/** A member of a class instance or function, methods bound to their object. */
function member(obj: object, name: string): unknown {
  if (typeof obj === 'function')
    return Object.hasOwn(obj, name) ? (obj as unknown as Record<string, unknown>)[name] : undefined;
  const value = (obj as Record<string, unknown>)[name];
  if (
    value === undefined ||
    (value === (Object.prototype as Record<string, unknown>)[name] && !Object.hasOwn(obj, name))
  ) {
    return undefined;
  }
  return typeof value === 'function' ? (...args: unknown[]) => value.apply(obj, args) : value;
}

/**
 * `obj.name` as Jinja2 resolves it: an attribute (a Python method of strings, lists and dicts)
 * first, then an item. Plain objects of JavaScript functions (`adapter`, `exceptions`, the
 * caller's `config`) keep their own functions; a missing name is undefined, never an error.
 */
export function getAttr(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  const name = String(key);
  if (typeof obj === 'string') return pythonMethod(obj, name);
  if (typeof (obj as ItemLookup).pyGetAttr === 'function') return (obj as ItemLookup).pyGetAttr!(name);
  if (typeof obj !== 'object' && typeof obj !== 'function') return undefined;
  if (Array.isArray(obj)) return pythonMethod(obj, name) ?? member(obj, name);
  if (isPlainObject(obj)) {
    if (!Object.hasOwn(obj, name) || name === '__keywords') return pythonMethod(obj, name);
    const value = obj[name];
    return typeof value === 'function' ? value : (pythonMethod(obj, name) ?? value);
  }
  if (isSafeString(obj)) return pythonMethod(String(obj), name);
  return member(obj, name);
}

/** `obj[key]` as Jinja2 resolves it: an item (negative indexes count from the end) first, then an attribute. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  // Objects with Python's `__getitem__` of their own (agate rows and columns: `row['count']`).
  if (typeof (obj as ItemLookup).pyGetItem === 'function') return (obj as ItemLookup).pyGetItem!(key);
  if (typeof key === 'number' || typeof key === 'boolean') {
    const index = Number(key);
    if (typeof obj === 'string' || Array.isArray(obj)) {
      const items = typeof obj === 'string' ? Array.from(obj) : obj;
      return Number.isInteger(index) ? items[index < 0 ? items.length + index : index] : undefined;
    }
    if (isPlainObject(obj)) return Object.hasOwn(obj, String(index)) ? obj[String(index)] : undefined;
    return obj instanceof Map ? obj.get(key) : undefined;
  }
  // A relation used as a dict key (`{relation: []}`) is keyed by its name, as it prints.
  if (isMappingObject(key) && isPlainObject(obj)) return getItem(obj, String(key));
  if (typeof key !== 'string') return obj instanceof Map ? obj.get(key) : undefined;
  if (isPlainObject(obj))
    return Object.hasOwn(obj, key) && key !== '__keywords' ? obj[key] : pythonMethod(obj, key);
  if (obj instanceof Map && obj.has(key)) return obj.get(key);
  return getAttr(obj, key);
}

/** `{% set ns.name = value %}`: only namespaces accept attributes, as in Jinja2. */
export function setAttribute(obj: unknown, name: string, value: unknown): void {
  if (!(obj instanceof PyNamespace)) {
    throw new PyError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
  }
  (obj as unknown as Record<string, unknown>)[name] = value;
}
