import { splitArgs } from '../split-args.js';
import { pyFunction } from './py-args.js';
import { typeError, valueError } from './py-errors.js';
import { iterate } from './py-ops.js';
import { PyTuple, pyTypeName } from './py-types.js';
import { braceFormat } from './python-format.js';

const WHITESPACE = ' \t\n\r\f\v';
// Python's line boundaries include the file, group and record separators.
const LINE_BREAKS = new Set([
  '\n',
  '\r',
  '\v',
  '\f',
  '\u001c',
  '\u001d',
  '\u001e',
  '\u0085',
  '\u2028',
  '\u2029',
]);

/** Python's `str.splitlines`. */
export function splitlines(s: string, keepends = false): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (!LINE_BREAKS.has(ch)) continue;
    const end = ch === '\r' && s[i + 1] === '\n' ? i + 2 : i + 1;
    lines.push(s.slice(start, keepends ? end : i));
    start = end;
    i = end - 1;
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

function stripSet(chars: unknown): string {
  return chars === undefined || chars === null ? WHITESPACE : String(chars);
}

function lstrip(s: string, chars?: unknown): string {
  const set = stripSet(chars);
  let i = 0;
  while (i < s.length && set.includes(s[i]!)) i++;
  return s.slice(i);
}

function rstrip(s: string, chars?: unknown): string {
  const set = stripSet(chars);
  let i = s.length;
  while (i > 0 && set.includes(s[i - 1]!)) i--;
  return s.slice(0, i);
}

/** Python's `str.split`: on runs of whitespace without a separator, at most `maxsplit` times. */
function split(s: string, sep?: unknown, maxsplit?: unknown): string[] {
  const limit = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (sep === undefined || sep === null) {
    const parts: string[] = [];
    const space = (i: number) => /\s/.test(s[i]!);
    let i = 0;
    while (i < s.length) {
      while (i < s.length && space(i)) i++;
      if (i >= s.length) break;
      if (limit >= 0 && parts.length === limit) {
        parts.push(s.slice(i));
        break;
      }
      let j = i;
      while (j < s.length && !space(j)) j++;
      parts.push(s.slice(i, j));
      i = j;
    }
    return parts;
  }
  const separator = String(sep);
  if (separator === '') throw valueError('empty separator');
  const parts = s.split(separator);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

/** Python's `str.rsplit`: like `split`, counting `maxsplit` from the right. */
function rsplit(s: string, sep?: unknown, maxsplit?: unknown): string[] {
  const limit = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (limit < 0) return split(s, sep);
  const reversed = (text: string) => Array.from(text).reverse().join('');
  const separator = sep === undefined || sep === null ? sep : reversed(String(sep));
  return split(reversed(s), separator, limit).map(reversed).reverse();
}

function affix(
  s: string,
  candidates: unknown,
  start: unknown,
  end: unknown,
  test: (s: string, c: string) => boolean,
): boolean {
  const text = s.slice(
    start === undefined || start === null ? 0 : Number(start),
    end === undefined || end === null ? undefined : Number(end),
  );
  const list = Array.isArray(candidates) ? candidates : [candidates];
  return list.some((c) => {
    if (typeof c !== 'string')
      throw typeError(`startswith first arg must be str or a tuple of str, not ${pyTypeName(c)}`);
    return test(text, c);
  });
}

function find(s: string, sub: unknown, start: unknown, end: unknown, last: boolean): number {
  const from =
    start === undefined || start === null
      ? 0
      : Number(start) < 0
        ? Math.max(0, s.length + Number(start))
        : Number(start);
  const to =
    end === undefined || end === null ? s.length : Number(end) < 0 ? s.length + Number(end) : Number(end);
  const window = s.slice(from, to);
  const at = last ? window.lastIndexOf(String(sub)) : window.indexOf(String(sub));
  return at === -1 ? -1 : at + from;
}

function replace(s: string, old: unknown, replacement: unknown, count?: unknown): string {
  const [from, to] = [String(old), String(replacement)];
  const limit =
    count === undefined || count === null || Number(count) < 0 ? Number.POSITIVE_INFINITY : Number(count);
  if (from === '') {
    const chars = Array.from(s);
    const out = chars.map((ch, i) => (i < limit ? to : '') + ch).join('');
    return out + (chars.length < limit ? to : '');
  }
  const parts = s.split(from);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i++) out += (i <= limit ? to : from) + parts[i];
  return out;
}

/** Python's `str.title`: a capital after every non-letter. */
function title(s: string): string {
  return s
    .toLowerCase()
    .replace(/(^|[^\p{L}])(\p{Ll})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

function center(s: string, width: unknown, fill: unknown = ' '): string {
  const size = Number(width);
  const margin = size - s.length;
  if (margin <= 0) return s;
  const left = Math.floor(margin / 2) + (margin & size & 1);
  return String(fill).repeat(left) + s + String(fill).repeat(margin - left);
}

function join(s: string, items: unknown): string {
  return iterate(items)
    .map((item, i) => {
      if (typeof item === 'string') return item;
      throw typeError(`sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
    })
    .join(s);
}

function zfill(s: string, width: unknown): string {
  const sign = s.startsWith('-') || s.startsWith('+') ? s[0]! : '';
  return sign + s.slice(sign.length).padStart(Number(width) - sign.length, '0');
}

function partition(s: string, sep: unknown, last: boolean): PyTuple<string> {
  const separator = String(sep);
  const at = last ? s.lastIndexOf(separator) : s.indexOf(separator);
  if (at === -1) return last ? PyTuple.of('', '', s) : PyTuple.of(s, '', '');
  return PyTuple.of(s.slice(0, at), separator, s.slice(at + separator.length));
}

function index(s: string, sub: unknown, start: unknown, end: unknown, last: boolean): number {
  const at = find(s, sub, start, end, last);
  if (at === -1) throw valueError('substring not found');
  return at;
}

type StrMethod = (s: string, ...args: unknown[]) => unknown;

/** Python `str` methods, bound by `pythonMethod` to the string they are looked up on. */
export const STR_METHODS: Readonly<Record<string, StrMethod>> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  strip: (s, ...a) =>
    pyFunction('strip', ['chars'], (chars: unknown) => rstrip(lstrip(s, chars), chars))(...a),
  lstrip: (s, ...a) => pyFunction('lstrip', ['chars'], (chars: unknown) => lstrip(s, chars))(...a),
  rstrip: (s, ...a) => pyFunction('rstrip', ['chars'], (chars: unknown) => rstrip(s, chars))(...a),
  split: (s, ...a) =>
    pyFunction('split', ['sep', 'maxsplit'], (sep: unknown, max: unknown) => split(s, sep, max))(...a),
  rsplit: (s, ...a) =>
    pyFunction('rsplit', ['sep', 'maxsplit'], (sep: unknown, max: unknown) => rsplit(s, sep, max))(...a),
  splitlines: (s, ...a) =>
    pyFunction('splitlines', ['keepends'], (keep: unknown) => splitlines(s, keep === true))(...a),
  replace: (s, ...a) =>
    pyFunction('replace', ['old', 'new', 'count'], (o: unknown, n: unknown, c: unknown) =>
      replace(s, o, n, c),
    )(...a),
  startswith: (s, ...a) =>
    pyFunction('startswith', ['prefix', 'start', 'end'], (p: unknown, b: unknown, e: unknown) =>
      affix(s, p, b, e, (text, c) => text.startsWith(c)),
    )(...a),
  endswith: (s, ...a) =>
    pyFunction('endswith', ['suffix', 'start', 'end'], (p: unknown, b: unknown, e: unknown) =>
      affix(s, p, b, e, (text, c) => text.endsWith(c)),
    )(...a),
  format: (s, ...args) => {
    const { positional, keywords } = splitArgs(args);
    return braceFormat(s, positional, keywords);
  },
  format_map: (s, mapping) => braceFormat(s, [], (mapping ?? {}) as Record<string, unknown>),
  join: (s, items) => join(s, items),
  title: (s) => title(s),
  capitalize: (s) => (s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1).toLowerCase()),
  count: (s, sub, start, end) => {
    const text = s.slice(
      start === undefined ? 0 : Number(start),
      end === undefined ? undefined : Number(end),
    );
    return String(sub) === '' ? text.length + 1 : text.split(String(sub)).length - 1;
  },
  find: (s, sub, start, end) => find(s, sub, start, end, false),
  rfind: (s, sub, start, end) => find(s, sub, start, end, true),
  index: (s, sub, start, end) => index(s, sub, start, end, false),
  rindex: (s, sub, start, end) => index(s, sub, start, end, true),
  isdigit: (s) => /^\d+$/u.test(s),
  isdecimal: (s) => /^\d+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isascii: (s) => [...s].every((ch) => ch.charCodeAt(0) < 128),
  isidentifier: (s) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(s),
  isupper: (s) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  islower: (s) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isspace: (s) => /^\s+$/.test(s),
  istitle: (s) => /\p{L}/u.test(s) && s === title(s),
  zfill: (s, width) => zfill(s, width),
  ljust: (s, width, fill = ' ') => s.padEnd(Number(width), String(fill)),
  rjust: (s, width, fill = ' ') => s.padStart(Number(width), String(fill)),
  center: (s, width, fill) => center(s, width, fill ?? ' '),
  partition: (s, sep) => partition(s, sep, false),
  rpartition: (s, sep) => partition(s, sep, true),
  removeprefix: (s, prefix) => (s.startsWith(String(prefix)) ? s.slice(String(prefix).length) : s),
  removesuffix: (s, suffix) =>
    String(suffix) !== '' && s.endsWith(String(suffix)) ? s.slice(0, -String(suffix).length) : s,
  expandtabs: (s, size = 8) => s.replace(/\t/g, ' '.repeat(Number(size))),
};
