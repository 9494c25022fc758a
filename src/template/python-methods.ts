import { braceFormat } from './python-format.js';
import { isPlainObject, pythonStr } from './python-repr.js';
import { splitArgs } from './split-args.js';

type Method = (self: never, ...args: unknown[]) => unknown;

function stripChars(chars: unknown): string {
  return chars === undefined || chars === null ? ' \t\n\r\f\v' : String(chars);
}

function lstrip(s: string, chars: unknown): string {
  const set = stripChars(chars);
  let i = 0;
  while (i < s.length && set.includes(s[i]!)) i++;
  return s.slice(i);
}

function rstrip(s: string, chars: unknown): string {
  const set = stripChars(chars);
  let i = s.length;
  while (i > 0 && set.includes(s[i - 1]!)) i--;
  return s.slice(0, i);
}

function split(s: string, sep?: unknown, maxsplit?: unknown): string[] {
  const limit = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (sep === undefined || sep === null) {
    const parts = s
      .trim()
      .split(/\s+/)
      .filter((p) => p !== '');
    if (limit < 0 || parts.length <= limit + 1) return parts;
    const head = parts.slice(0, limit);
    let rest = s.trim();
    for (const part of head) rest = rest.slice(rest.indexOf(part) + part.length).trimStart();
    return [...head, rest];
  }
  const parts = s.split(String(sep));
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(String(sep))];
}

function matchesAny(s: string, candidates: unknown, test: (s: string, c: string) => boolean): boolean {
  return Array.isArray(candidates) ? candidates.some((c) => test(s, String(c))) : test(s, String(candidates));
}

/** Python `str` methods dbt projects use, on JS strings. */
const STRING_METHODS: Record<string, Method> = {
  lower: (s: string) => s.toLowerCase(),
  upper: (s: string) => s.toUpperCase(),
  strip: (s: string, chars?: unknown) => rstrip(lstrip(s, chars), chars),
  lstrip,
  rstrip,
  split,
  rsplit: (s: string, sep?: unknown) => split(s, sep),
  splitlines: (s: string) => s.split(/\r?\n/),
  replace: (s: string, old: unknown, replacement: unknown, count?: unknown) => {
    if (count === undefined || Number(count) < 0) return s.split(String(old)).join(String(replacement));
    let out = s;
    let from = 0;
    for (let n = 0; n < Number(count); n++) {
      const at = out.indexOf(String(old), from);
      if (at === -1) break;
      out = out.slice(0, at) + String(replacement) + out.slice(at + String(old).length);
      from = at + String(replacement).length;
    }
    return out;
  },
  startswith: (s: string, prefix: unknown) => matchesAny(s, prefix, (a, b) => a.startsWith(b)),
  endswith: (s: string, suffix: unknown) => matchesAny(s, suffix, (a, b) => a.endsWith(b)),
  format: (s: string, ...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    return braceFormat(s, positional, keywords);
  },
  join: (s: string, items: unknown) => [...toIterable(items)].map(pythonStr).join(s),
  title: (s: string) =>
    s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  capitalize: (s: string) => (s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1).toLowerCase()),
  count: (s: string, sub: unknown) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  find: (s: string, sub: unknown) => s.indexOf(String(sub)),
  rfind: (s: string, sub: unknown) => s.lastIndexOf(String(sub)),
  index: (s: string, sub: unknown) => {
    const at = s.indexOf(String(sub));
    if (at === -1) throw new Error('ValueError: substring not found');
    return at;
  },
  isdigit: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^[A-Za-z]+$/.test(s),
  isalnum: (s: string) => /^[A-Za-z0-9]+$/.test(s),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isspace: (s: string) => /^\s+$/.test(s),
  zfill: (s: string, width: unknown) => s.padStart(Number(width), '0'),
  ljust: (s: string, width: unknown, fill?: unknown) =>
    s.padEnd(Number(width), fill === undefined ? ' ' : String(fill)),
  rjust: (s: string, width: unknown, fill?: unknown) =>
    s.padStart(Number(width), fill === undefined ? ' ' : String(fill)),
  center: (s: string, width: unknown) => {
    const total = Math.max(0, Number(width) - s.length);
    return ' '.repeat(Math.floor(total / 2)) + s + ' '.repeat(Math.ceil(total / 2));
  },
  partition: (s: string, sep: unknown) => {
    const at = s.indexOf(String(sep));
    return at === -1 ? [s, '', ''] : [s.slice(0, at), String(sep), s.slice(at + String(sep).length)];
  },
  removeprefix: (s: string, prefix: unknown) =>
    s.startsWith(String(prefix)) ? s.slice(String(prefix).length) : s,
  removesuffix: (s: string, suffix: unknown) =>
    String(suffix) !== '' && s.endsWith(String(suffix)) ? s.slice(0, -String(suffix).length) : s,
};

/** Python `list` methods (nunjucks' Jinja compatibility covers a few; these complete them). */
const LIST_METHODS: Record<string, Method> = {
  append: (list: unknown[], item: unknown) => {
    list.push(item);
    return null;
  },
  extend: (list: unknown[], items: unknown) => {
    list.push(...toIterable(items));
    return null;
  },
  insert: (list: unknown[], index: unknown, item: unknown) => {
    list.splice(Number(index) < 0 ? list.length + Number(index) : Number(index), 0, item);
    return null;
  },
  pop: (list: unknown[], index?: unknown) => {
    if (list.length === 0) throw new Error('IndexError: pop from empty list');
    const at =
      index === undefined ? list.length - 1 : Number(index) < 0 ? list.length + Number(index) : Number(index);
    return list.splice(at, 1)[0];
  },
  remove: (list: unknown[], item: unknown) => {
    const at = list.indexOf(item);
    if (at === -1) throw new Error('ValueError: list.remove(x): x not in list');
    list.splice(at, 1);
    return null;
  },
  index: (list: unknown[], item: unknown) => {
    const at = list.indexOf(item);
    if (at === -1) throw new Error(`ValueError: ${pythonStr(item)} is not in list`);
    return at;
  },
  count: (list: unknown[], item: unknown) => list.filter((x) => x === item).length,
  reverse: (list: unknown[]) => {
    list.reverse();
    return null;
  },
  sort: (list: unknown[]) => {
    list.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return null;
  },
  copy: (list: unknown[]) => [...list],
  clear: (list: unknown[]) => {
    list.length = 0;
    return null;
  },
};

/** Python `dict` methods on plain objects. */
const DICT_METHODS: Record<string, Method> = {
  items: (d: Record<string, unknown>) => Object.entries(d).filter(([k]) => k !== '__keywords'),
  keys: (d: Record<string, unknown>) => Object.keys(d).filter((k) => k !== '__keywords'),
  values: (d: Record<string, unknown>) =>
    Object.entries(d)
      .filter(([k]) => k !== '__keywords')
      .map(([, v]) => v),
  get: (d: Record<string, unknown>, key: unknown, fallback: unknown = null) =>
    Object.hasOwn(d, String(key)) ? d[String(key)] : fallback,
  update: (d: Record<string, unknown>, ...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    for (const other of positional) if (isPlainObject(other)) Object.assign(d, other);
    Object.assign(d, keywords);
    return null;
  },
  pop: (d: Record<string, unknown>, key: unknown, ...fallback: unknown[]) => {
    const name = String(key);
    if (!Object.hasOwn(d, name)) {
      if (fallback.length > 0) return fallback[0];
      throw new Error(`KeyError: '${name}'`);
    }
    const value = d[name];
    delete d[name];
    return value;
  },
  setdefault: (d: Record<string, unknown>, key: unknown, value: unknown = null) => {
    if (!Object.hasOwn(d, String(key))) d[String(key)] = value;
    return d[String(key)];
  },
  copy: (d: Record<string, unknown>) => ({ ...d }),
  has_key: (d: Record<string, unknown>, key: unknown) => Object.hasOwn(d, String(key)),
};

/** The bound Python method `name` of `value`, if Python has one for its type. */
export function pythonMethod(value: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  const table =
    typeof value === 'string'
      ? STRING_METHODS
      : Array.isArray(value)
        ? LIST_METHODS
        : isPlainObject(value)
          ? DICT_METHODS
          : undefined;
  const method = table && Object.hasOwn(table, name) ? table[name] : undefined;
  return method
    ? (...args: unknown[]) => (method as (...a: unknown[]) => unknown)(value, ...args)
    : undefined;
}

export function toIterable(value: unknown): Iterable<unknown> {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string' || Array.isArray(value)) return value;
  if (value instanceof Set || value instanceof Map) return value.keys();
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') return value as Iterable<unknown>;
  if (typeof value === 'object') return Object.keys(value).filter((k) => k !== '__keywords');
  return [];
}
