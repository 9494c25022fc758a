import { bindArgs } from '../python/py-args.js';
import { PyError } from '../python/py-errors.js';
import { pyJsonDumps } from '../python/py-json.js';
import { iterate, pyMod } from '../python/py-ops.js';
import { isPlainObject, PyTuple } from '../python/py-types.js';
import { pythonRepr, pythonStr } from '../python/python-repr.js';
import { STR_METHODS } from '../python/str-methods.js';
import { splitArgs } from '../split-args.js';
import type { TemplateFunction } from './registry.js';

type Filter = (value: unknown, ...args: unknown[]) => unknown;

/** A filter with Python parameters after the value. */
export function filter(
  name: string,
  params: readonly string[],
  impl: (value: unknown, ...args: never[]) => unknown,
): Filter {
  const call = impl as (value: unknown, ...args: unknown[]) => unknown;
  return (value, ...args) => call(value, ...bindArgs(name, params, args));
}

const str = (value: unknown) => pythonStr(value);
const method = (name: string) => STR_METHODS[name]!;

/** Python's `int()` as Jinja2's `int` filter uses it: `'42.7'` gives 42, garbage the default. */
function toInt(value: unknown, fallback: unknown = 0, base: unknown = 10): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value !== 'string') return fallback;
  const text = value.trim().replace(/_/g, '');
  const radix = Number(base);
  const digits =
    radix === 16
      ? text.replace(/^([-+]?)0x/i, '$1')
      : radix === 8
        ? text.replace(/^([-+]?)0o/i, '$1')
        : radix === 2
          ? text.replace(/^([-+]?)0b/i, '$1')
          : text;
  const valid = new RegExp(`^[-+]?[${'0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix)}]+$`, 'i');
  if (valid.test(digits)) return Number.parseInt(digits, radix);
  const float = toFloat(text, null);
  return float === null ? fallback : Math.trunc(float as number);
}

/** Python's `float()`: decimal text, `inf`, `nan`; anything else the default. */
function toFloat(value: unknown, fallback: unknown = 0): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fallback;
  const text = value.trim().replace(/_/g, '').toLowerCase();
  if (/^[-+]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(text)) return Number.NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(text) ? Number(text) : fallback;
}

/** Python's `round()`: ties go to the even neighbour, judged on the exact binary value. */
export function pyRound(value: number, digits = 0): number {
  if (!Number.isFinite(value)) return value;
  const exact = Math.abs(value).toFixed(Math.min(100, digits + 60));
  const cut = exact.indexOf('.') + digits + 1;
  const tie = digits >= 0 && /^50*$/.test(exact.slice(cut));
  if (!tie) return Number(value.toFixed(digits));
  const scaled = Math.trunc(Math.abs(value) * 10 ** digits);
  const rounded = (scaled % 2 === 0 ? scaled : scaled + 1) / 10 ** digits;
  return value < 0 ? -rounded : rounded;
}

function round(value: unknown, precision: unknown = 0, how: unknown = 'common'): number {
  const n = Number(value);
  const digits = Number(precision);
  if (how === 'common') return pyRound(n, digits);
  if (how !== 'ceil' && how !== 'floor')
    throw new PyError('TemplateRuntimeError', 'method must be common, ceil or floor');
  return Math[how](n * 10 ** digits) / 10 ** digits;
}

/** Jinja2's `indent`: lines after the first (and the first if asked), blank lines only if asked. */
function indent(value: unknown, width: unknown = 4, first: unknown = false, blank: unknown = false): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
  const lines = method('splitlines')(`${str(value)}\n`) as string[];
  let out = blank === true ? lines.join(`\n${pad}`) : (lines[0] ?? '');
  if (blank !== true && lines.length > 1)
    out += `\n${lines
      .slice(1)
      .map((line) => (line ? pad + line : line))
      .join('\n')}`;
  return first === true ? pad + out : out;
}

function truncate(
  value: unknown,
  length: unknown = 255,
  killwords: unknown = false,
  end: unknown = '...',
  leeway: unknown = 5,
): string {
  const text = str(value);
  const size = Number(length);
  const tail = String(end);
  if (text.length <= size + Number(leeway ?? 5)) return text;
  if (killwords === true) return text.slice(0, size - tail.length) + tail;
  const cut = text.slice(0, size - tail.length);
  const space = cut.lastIndexOf(' ');
  return (space === -1 ? cut : cut.slice(0, space)) + tail;
}

/** Jinja2's `title`: a capital at the start of each word (words split on spaces and `-([{<`). */
function title(value: unknown): string {
  return str(value)
    .split(/([-\s({[<]+)/)
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('');
}

function escapeHtml(value: unknown): string {
  return str(value).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[ch]!,
  );
}

/** Percent-encoding as Python's `quote()` (`safe` characters kept). */
function quote(value: unknown, safe: string): string {
  return Array.from(new TextEncoder().encode(str(value)), (byte) => {
    const ch = String.fromCharCode(byte);
    return /[A-Za-z0-9_.~-]/.test(ch) || safe.includes(ch)
      ? ch
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function urlencode(value: unknown): string {
  if (typeof value === 'string') return quote(value, '/');
  const pairs = isPlainObject(value)
    ? Object.entries(value).filter(([k]) => k !== '__keywords')
    : iterate(value);
  return pairs
    .map((pair) => {
      const [k, v] = iterate(pair);
      return `${quote(k, '').replace(/%20/g, '+')}=${quote(v, '').replace(/%20/g, '+')}`;
    })
    .join('&');
}

/** `"%s-%d" | format(a, b)`: Python's `%` with the arguments as a tuple, or keywords as a mapping. */
function format(value: unknown, ...args: unknown[]): unknown {
  const { positional, keywords } = splitArgs(args);
  if (positional.length > 0 && Object.keys(keywords).length > 0) {
    throw new PyError(
      'TemplateRuntimeError',
      "can't handle positional and keyword arguments at the same time",
    );
  }
  return pyMod(str(value), Object.keys(keywords).length > 0 ? keywords : PyTuple.make(positional));
}

const identity = (value: unknown) => value;

/** Jinja2's text filters and dbt's `as_*` markers (which print their value unchanged). */
export const TEXT_FILTERS: Readonly<Record<string, TemplateFunction>> = {
  abs: (value: unknown) => Math.abs(Number(value)),
  capitalize: (value: unknown) => method('capitalize')(str(value)),
  center: filter('center', ['width'], (value, width: unknown = 80) => method('center')(str(value), width)),
  default: filter(
    'default',
    ['default_value', 'boolean'],
    (value, fallback: unknown = '', boolean: unknown = false) =>
      value === undefined || (boolean === true && !value) ? fallback : value,
  ),
  escape: escapeHtml,
  float: filter('float', ['default'], (value, fallback: unknown = 0) => toFloat(value, fallback)),
  format,
  indent: filter('indent', ['width', 'first', 'blank'], indent),
  int: filter('int', ['default', 'base'], (value, fallback: unknown = 0, base: unknown = 10) =>
    toInt(value, fallback, base),
  ),
  lower: (value: unknown) => str(value).toLowerCase(),
  upper: (value: unknown) => str(value).toUpperCase(),
  pprint: (value: unknown) => pythonRepr(value),
  replace: filter(
    'replace',
    ['old', 'new', 'count'],
    (value, old: unknown, replacement: unknown, count: unknown) =>
      method('replace')(str(value), old, replacement, count ?? undefined),
  ),
  round: filter('round', ['precision', 'method'], round),
  safe: (value: unknown) => str(value),
  string: (value: unknown) => str(value),
  striptags: (value: unknown) =>
    str(value)
      .replace(/<!--[\s\S]*?-->|<[^>]*>/g, '')
      .split(/\s+/)
      .filter(Boolean)
      .join(' '),
  title,
  tojson: filter('tojson', ['indent'], (value, indentBy: unknown) =>
    pyJsonDumps(value, { sortKeys: true, htmlSafe: true, indent: (indentBy ?? null) as number | null }),
  ),
  trim: filter('trim', ['chars'], (value, chars: unknown) => method('strip')(str(value), chars ?? undefined)),
  truncate: filter('truncate', ['length', 'killwords', 'end', 'leeway'], truncate),
  urlencode,
  wordcount: (value: unknown) => (str(value).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  as_bool: identity,
  as_native: identity,
  as_number: identity,
  as_text: identity,
};
