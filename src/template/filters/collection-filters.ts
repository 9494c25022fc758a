import { getAttr } from '../python/lookup.js';
import { iterate, pyAdd, pyCompare, pyEq, pyLen, truthy } from '../python/py-ops.js';
import { dictKeys, GroupTuple, isPlainObject, PyTuple } from '../python/py-types.js';
import { pythonStr } from '../python/python-repr.js';
import { splitArgs } from '../split-args.js';
import { attributeGetter, ignoreCase, sortKey } from './attribute.js';
import type { FilterRegistry, TemplateFunction } from './registry.js';
import { filter } from './text-filters.js';

function sorted(items: readonly unknown[], key: (item: unknown) => unknown, reverse: unknown): unknown[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => pyCompare(a.key, b.key));
  if (reverse === true) keyed.reverse();
  return keyed.map((entry) => entry.item);
}

function extreme(value: unknown, caseSensitive: unknown, attribute: unknown, sign: 1 | -1): unknown {
  const items = iterate(value);
  if (items.length === 0) return undefined;
  const key = sortKey(attribute, caseSensitive);
  return items.reduce((best, item) => (sign * pyCompare(key(item), key(best)) > 0 ? item : best));
}

function unique(value: unknown, caseSensitive: unknown, attribute: unknown): unknown[] {
  const key = sortKey(attribute, caseSensitive);
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const item of iterate(value)) {
    const k = key(item);
    if (seen.some((s) => pyEq(s, k))) continue;
    seen.push(k);
    out.push(item);
  }
  return out;
}

function groupby(
  value: unknown,
  attribute: unknown,
  fallback: unknown,
  caseSensitive: unknown,
): GroupTuple[] {
  const exact = attributeGetter(attribute, fallback);
  const key = caseSensitive === true ? exact : (item: unknown) => ignoreCase(exact(item));
  const groups: GroupTuple[] = [];
  for (const item of sorted(iterate(value), key, false)) {
    const last = groups.at(-1);
    if (last !== undefined && pyEq(key((last[1] as unknown[])[0]), key(item)))
      (last[1] as unknown[]).push(item);
    else {
      const group = new GroupTuple();
      group.push(exact(item), [item]);
      groups.push(group);
    }
  }
  return groups;
}

function batch(value: unknown, size: unknown, fill: unknown): unknown[][] {
  const items = iterate(value);
  const n = Number(size);
  const out: unknown[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  const last = out.at(-1);
  if (last && fill !== undefined && fill !== null) while (last.length < n) last.push(fill);
  return out;
}

/** Jinja2's `slice`: `count` columns, the first ones one longer when the items do not divide evenly. */
function sliceInto(value: unknown, count: unknown, fill: unknown): unknown[][] {
  const items = iterate(value);
  const slices = Number(count);
  const per = Math.floor(items.length / slices);
  const extra = items.length % slices;
  const out: unknown[][] = [];
  let offset = 0;
  for (let i = 0; i < slices; i++) {
    const size = per + (i < extra ? 1 : 0);
    const column = items.slice(offset, offset + size);
    offset += size;
    if (fill !== undefined && fill !== null && i >= extra) column.push(fill);
    out.push(column);
  }
  return out;
}

/** `select('odd')`, `selectattr('active')`, `rejectattr('x', 'equalto', 1)`. */
function selector(registry: FilterRegistry, byAttribute: boolean, keep: boolean) {
  return (value: unknown, ...args: unknown[]) => {
    const { positional } = splitArgs(args);
    const [attribute, testName, ...testArgs] = byAttribute ? positional : [undefined, ...positional];
    const get = attributeGetter(attribute);
    const test =
      testName === undefined
        ? undefined
        : (registry.getTest(String(testName)) as (...a: unknown[]) => boolean);
    return iterate(value).filter(
      (item) => (test ? test(get(item), ...testArgs) === true : truthy(get(item))) === keep,
    );
  };
}

function map(registry: FilterRegistry) {
  return (value: unknown, ...args: unknown[]) => {
    // Jinja2 maps nothing over a falsy value (`none | map('lower')` is empty, not an error).
    if (!truthy(value)) return [];
    const { positional, keywords } = splitArgs(args);
    if (positional.length === 0 && keywords['attribute'] !== undefined) {
      const get = attributeGetter(keywords['attribute'], keywords['default']);
      return iterate(value).map(get);
    }
    const [name, ...rest] = positional;
    const apply = registry.getFilter(String(name)) as (...a: unknown[]) => unknown;
    const extra = Object.keys(keywords).length > 0 ? [...rest, { ...keywords, __keywords: true }] : rest;
    return iterate(value).map((item) => apply(item, ...extra));
  };
}

/** Jinja2's filters over sequences and mappings. */
export function collectionFilters(registry: FilterRegistry): Record<string, TemplateFunction> {
  return {
    attr: (value: unknown, name: unknown) => (isPlainObject(value) ? undefined : getAttr(value, name)),
    batch: filter('batch', ['linecount', 'fill_with'], batch),
    dictsort: filter(
      'dictsort',
      ['case_sensitive', 'by', 'reverse'],
      (value, caseSensitive: unknown, by: unknown = 'key', reverse: unknown) => {
        const dict = value as Record<string, unknown>;
        const pairs = dictKeys(dict).map((k) => PyTuple.of(k, dict[k]));
        const position = by === 'value' ? 1 : 0;
        return sorted(
          pairs,
          (pair) =>
            caseSensitive === true
              ? (pair as unknown[])[position]
              : ignoreCase((pair as unknown[])[position]),
          reverse,
        );
      },
    ),
    first: (value: unknown) => iterate(value)[0],
    groupby: filter('groupby', ['attribute', 'default', 'case_sensitive'], groupby),
    items: (value: unknown) =>
      value === undefined
        ? []
        : dictKeys(value as Record<string, unknown>).map((k) =>
            PyTuple.of(k, (value as Record<string, unknown>)[k]),
          ),
    join: filter('join', ['d', 'attribute'], (value, separator: unknown = '', attribute: unknown) =>
      iterate(value).map(attributeGetter(attribute)).map(pythonStr).join(pythonStr(separator)),
    ),
    last: (value: unknown) => iterate(value).at(-1),
    length: (value: unknown) => pyLen(value),
    list: (value: unknown) => [...iterate(value)],
    map: map(registry),
    max: filter('max', ['case_sensitive', 'attribute'], (value, caseSensitive: unknown, attribute: unknown) =>
      extreme(value, caseSensitive, attribute, 1),
    ),
    min: filter('min', ['case_sensitive', 'attribute'], (value, caseSensitive: unknown, attribute: unknown) =>
      extreme(value, caseSensitive, attribute, -1),
    ),
    reject: selector(registry, false, false),
    rejectattr: selector(registry, true, false),
    reverse: (value: unknown) =>
      typeof value === 'string' ? Array.from(value).reverse().join('') : [...iterate(value)].reverse(),
    select: selector(registry, false, true),
    selectattr: selector(registry, true, true),
    slice: filter('slice', ['slices', 'fill_with'], sliceInto),
    sort: filter(
      'sort',
      ['reverse', 'case_sensitive', 'attribute'],
      (value, reverse: unknown, caseSensitive: unknown, attribute: unknown) =>
        sorted(iterate(value), sortKey(attribute, caseSensitive), reverse),
    ),
    sum: filter('sum', ['attribute', 'start'], (value, attribute: unknown, start: unknown = 0) =>
      iterate(value)
        .map(attributeGetter(attribute))
        .reduce((total, item) => pyAdd(total, item), start),
    ),
    unique: filter('unique', ['case_sensitive', 'attribute'], unique),
  };
}
