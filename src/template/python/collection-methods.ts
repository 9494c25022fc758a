import { splitArgs } from '../split-args.js';
import { PyError, valueError } from './py-errors.js';
import { iterate, pyCompare, pyEq } from './py-ops.js';
import { dictKeys, isPlainObject, PySet, PyTuple, PyView } from './py-types.js';
import { pythonRepr } from './python-repr.js';

type Method<T> = (self: T, ...args: unknown[]) => unknown;

function position(list: readonly unknown[], index: unknown): number {
  const n = Number(index);
  return n < 0 ? list.length + n : n;
}

function indexOf(list: readonly unknown[], item: unknown, start?: unknown, end?: unknown): number {
  const from = start === undefined ? 0 : Math.max(0, position(list, start));
  const to = end === undefined ? list.length : Math.min(list.length, position(list, end));
  for (let i = from; i < to; i++) if (pyEq(list[i], item)) return i;
  throw valueError(`${pythonRepr(item)} is not in list`);
}

/** `list.sort(key=None, reverse=False)` without `key` (templates cannot pass lambdas). */
function sortList(list: unknown[], ...args: unknown[]): null {
  const { keywords } = splitArgs(args);
  list.sort((a, b) => pyCompare(a, b));
  if (keywords['reverse'] === true) list.reverse();
  return null;
}

const SEQUENCE_METHODS: Readonly<Record<string, Method<readonly unknown[]>>> = {
  index: (list, item, start, end) => indexOf(list, item, start, end),
  count: (list, item) => list.filter((x) => pyEq(x, item)).length,
};

/** Python `list` methods. */
export const LIST_METHODS: Readonly<Record<string, Method<unknown[]>>> = {
  ...SEQUENCE_METHODS,
  append: (list, item) => {
    list.push(item);
    return null;
  },
  extend: (list, items) => {
    list.push(...iterate(items));
    return null;
  },
  insert: (list, index, item) => {
    list.splice(Math.max(0, position(list, index)), 0, item);
    return null;
  },
  pop: (list, index) => {
    if (list.length === 0) throw new PyError('IndexError', 'pop from empty list');
    const at = index === undefined ? list.length - 1 : position(list, index);
    if (at < 0 || at >= list.length) throw new PyError('IndexError', 'pop index out of range');
    return list.splice(at, 1)[0];
  },
  remove: (list, item) => {
    const at = list.findIndex((x) => pyEq(x, item));
    if (at === -1) throw valueError('list.remove(x): x not in list');
    list.splice(at, 1);
    return null;
  },
  reverse: (list) => {
    list.reverse();
    return null;
  },
  sort: sortList,
  copy: (list) => [...list],
  clear: (list) => {
    list.length = 0;
    return null;
  },
};

/** Python `tuple` methods. */
export const TUPLE_METHODS = SEQUENCE_METHODS;

const setOf = (items: Iterable<unknown>) => PySet.make(items, pyEq);

/** Python `set` methods. */
export const SET_METHODS: Readonly<Record<string, Method<PySet>>> = {
  add: (set, item) => {
    set.addItem(item, pyEq);
    return null;
  },
  update: (set, ...others) => {
    for (const other of others) for (const item of iterate(other)) set.addItem(item, pyEq);
    return null;
  },
  discard: (set, item) => {
    const at = set.findIndex((x) => pyEq(x, item));
    if (at !== -1) set.splice(at, 1);
    return null;
  },
  remove: (set, item) => {
    const at = set.findIndex((x) => pyEq(x, item));
    if (at === -1) throw new PyError('KeyError', pythonRepr(item));
    set.splice(at, 1);
    return null;
  },
  pop: (set) => {
    if (set.length === 0) throw new PyError('KeyError', "'pop from an empty set'");
    return set.shift();
  },
  clear: (set) => {
    set.length = 0;
    return null;
  },
  copy: (set) => setOf(set),
  union: (set, ...others) => setOf([...set, ...others.flatMap((o) => [...iterate(o)])]),
  intersection: (set, ...others) =>
    setOf(set.filter((x) => others.every((o) => iterate(o).some((y) => pyEq(x, y))))),
  difference: (set, ...others) =>
    setOf(set.filter((x) => !others.some((o) => iterate(o).some((y) => pyEq(x, y))))),
  symmetric_difference: (set, other) => {
    const items = iterate(other);
    return setOf([
      ...set.filter((x) => !items.some((y) => pyEq(x, y))),
      ...items.filter((y) => !set.some((x) => pyEq(x, y))),
    ]);
  },
  issubset: (set, other) => set.every((x) => iterate(other).some((y) => pyEq(x, y))),
  issuperset: (set, other) => iterate(other).every((y) => set.some((x) => pyEq(x, y))),
  isdisjoint: (set, other) => !set.some((x) => iterate(other).some((y) => pyEq(x, y))),
};

/** `dict.update(other, **kwargs)`: a dict or a list of pairs, then keywords. */
function update(d: Record<string, unknown>, ...args: unknown[]): null {
  const { positional, keywords } = splitArgs(args);
  for (const other of positional) {
    if (isPlainObject(other)) for (const key of dictKeys(other)) d[key] = other[key];
    else
      for (const pair of iterate(other)) {
        const [key, value] = iterate(pair);
        d[String(key)] = value;
      }
  }
  Object.assign(d, keywords);
  return null;
}

/** Python `dict` methods on plain objects. */
export const DICT_METHODS: Readonly<Record<string, Method<Record<string, unknown>>>> = {
  items: (d) =>
    PyView.create(
      'dict_items',
      dictKeys(d).map((k) => PyTuple.of(k, d[k])),
    ),
  keys: (d) => PyView.create('dict_keys', dictKeys(d)),
  values: (d) =>
    PyView.create(
      'dict_values',
      dictKeys(d).map((k) => d[k]),
    ),
  get: (d, key, fallback = null) =>
    key !== '__keywords' && Object.hasOwn(d, String(key)) ? d[String(key)] : fallback,
  update,
  pop: (d, key, ...fallback) => {
    const name = String(key);
    if (!Object.hasOwn(d, name)) {
      if (fallback.length > 0) return fallback[0];
      throw new PyError('KeyError', pythonRepr(key));
    }
    const value = d[name];
    delete d[name];
    return value;
  },
  popitem: (d) => {
    const key = dictKeys(d).at(-1);
    if (key === undefined) throw new PyError('KeyError', "'popitem(): dictionary is empty'");
    const value = d[key];
    delete d[key];
    return PyTuple.of(key, value);
  },
  setdefault: (d, key, value = null) => {
    if (!Object.hasOwn(d, String(key))) d[String(key)] = value;
    return d[String(key)];
  },
  copy: (d) => Object.fromEntries(dictKeys(d).map((k) => [k, d[k]])),
  clear: (d) => {
    for (const key of Object.keys(d)) delete d[key];
    return null;
  },
};
