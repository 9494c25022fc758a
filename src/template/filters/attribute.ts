import { getItem } from '../python/lookup.js';

/**
 * Jinja2's attribute getter for filters (`map(attribute='a.b')`, `sort(attribute='x')`): a dotted
 * path whose parts are items first (`0` is an index), with a default for missing values.
 */
export function attributeGetter(path: unknown, fallback?: unknown): (item: unknown) => unknown {
  if (path === undefined || path === null) return (item) => item;
  const parts = String(path)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return (item) => {
    let value = item;
    for (const part of parts) value = getItem(value, part);
    return value === undefined ? fallback : value;
  };
}

/** Lowercases strings so filters compare them case-insensitively, as Jinja2 does by default. */
export function ignoreCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** A sort key: the attribute (or several, comma-separated), case-folded unless case-sensitive. */
export function sortKey(attribute: unknown, caseSensitive: unknown): (item: unknown) => unknown {
  const getters = String(attribute ?? '')
    .split(',')
    .map((part) => part.trim())
    .map((part) => attributeGetter(part === '' ? undefined : part));
  const fold = caseSensitive === true ? (value: unknown) => value : ignoreCase;
  if (getters.length === 1) return (item) => fold(getters[0]!(item));
  return (item) => getters.map((get) => fold(get(item)));
}
