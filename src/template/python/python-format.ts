import { PyError, typeError, valueError } from './py-errors.js';
import { pyTypeName } from './py-types.js';
import { pythonRepr, pythonStr } from './python-repr.js';

const PERCENT = /%(?:\((\w+)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifFeEgGxXorcu%])/g;

/**
 * Python's printf-style `'%s and %05.2f' % (a, b)`, which Jinja2's `format` filter and the `%`
 * operator use. Too few or too many arguments are TypeErrors, as in Python.
 */
export function percentFormat(
  template: string,
  args: readonly unknown[],
  named?: Record<string, unknown>,
): string {
  let next = 0;
  const take = () => {
    if (next >= args.length) throw typeError('not enough arguments for format string');
    return args[next++];
  };
  const out = template.replace(
    PERCENT,
    (
      _match,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      type: string,
    ) => {
      if (type === '%') return '%';
      const size = width === '*' ? Number(take()) : width === undefined ? 0 : Number(width);
      const value = key !== undefined ? mappingValue(named, key) : take();
      const digits = precision === undefined ? undefined : Number(precision);
      return pad(convert(value, type, digits, flags), flags, size, type);
    },
  );
  if (named === undefined && next < args.length) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}

function mappingValue(named: Record<string, unknown> | undefined, key: string): unknown {
  if (named === undefined) throw typeError('format requires a mapping');
  if (!Object.hasOwn(named, key)) throw new PyError('KeyError', `'${key}'`);
  return named[key];
}

function number(value: unknown, type: string): number {
  if (typeof value === 'number' || typeof value === 'boolean') return Number(value);
  throw typeError(`%${type} format: a real number is required, not ${pyTypeName(value)}`);
}

function convert(value: unknown, type: string, precision: number | undefined, flags: string): string {
  switch (type) {
    case 's':
      return precision === undefined ? pythonStr(value) : pythonStr(value).slice(0, precision);
    case 'r':
      return precision === undefined ? pythonRepr(value) : pythonRepr(value).slice(0, precision);
    case 'c':
      return typeof value === 'number' ? String.fromCodePoint(value) : pythonStr(value);
    default: {
      const n = number(value, type);
      return signed(n, formatNumber(Math.abs(n), type, precision, flags.includes('#')), flags);
    }
  }
}

function signed(n: number, body: string, flags: string): string {
  if (n < 0 || Object.is(n, -0)) return `-${body}`;
  return flags.includes('+') ? `+${body}` : flags.includes(' ') ? ` ${body}` : body;
}

/** The digits of a non-negative number in one of Python's presentation types. */
function formatNumber(n: number, type: string, precision: number | undefined, alternate: boolean): string {
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
    case 'n':
      return String(Math.trunc(n));
    case 'f':
    case 'F':
      return n.toFixed(precision ?? 6);
    case 'e':
    case 'E': {
      const text = exponent(n.toExponential(precision ?? 6));
      return type === 'E' ? text.toUpperCase() : text;
    }
    case 'g':
    case 'G': {
      const text = formatG(n, precision ?? 6, alternate);
      return type === 'G' ? text.toUpperCase() : text;
    }
    case 'x':
    case 'X': {
      const text = (alternate ? '0x' : '') + Math.trunc(n).toString(16);
      return type === 'X' ? text.toUpperCase() : text;
    }
    case 'o':
      return (alternate ? '0o' : '') + Math.trunc(n).toString(8);
    case 'b':
      return (alternate ? '0b' : '') + Math.trunc(n).toString(2);
    case '%':
      return `${(n * 100).toFixed(precision ?? 6)}%`;
    default:
      throw valueError(`unsupported format character '${type}'`);
  }
}

/** Python writes exponents with at least two digits: `1e-05`. */
function exponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** `%g`: fixed or exponent notation by magnitude, trailing zeros dropped. */
function formatG(n: number, precision: number, alternate: boolean): string {
  const digits = Math.max(1, precision);
  if (n === 0) return alternate ? (0).toFixed(digits - 1) : '0';
  if (!Number.isFinite(n)) return String(n) === 'Infinity' ? 'inf' : 'nan';
  const scientific = n.toExponential(digits - 1);
  const power = Number(scientific.slice(scientific.indexOf('e') + 1));
  const trim = (text: string) => (alternate ? text : text.replace(/\.?0+$/, ''));
  if (power < -4 || power >= digits) {
    const [mantissa = '', exp = ''] = scientific.split('e');
    return exponent(`${trim(mantissa)}e${exp}`);
  }
  return trim(n.toFixed(digits - 1 - power));
}

function pad(text: string, flags: string, width: number, type: string): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && !'src'.includes(type)) {
    const sign = /^[-+ ]/.test(text) ? text[0]! : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

const FIELD = /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g;

/** Python's `'{} {name} {0:>5}'.format(...)`, with the standard format-spec mini-language. */
export function braceFormat(
  template: string,
  args: readonly unknown[],
  named: Record<string, unknown>,
): string {
  let auto = 0;
  return template.replace(
    FIELD,
    (match, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      const path = field ?? '';
      const head = /^[^.[]*/.exec(path)![0];
      let value: unknown;
      if (head === '') value = positional(args, auto++);
      else if (/^\d+$/.test(head)) value = positional(args, Number(head));
      else if (Object.hasOwn(named, head)) value = named[head];
      else throw new PyError('KeyError', `'${head}'`);
      value = followPath(value, path.slice(head.length));
      if (conversion === 'r' || conversion === 'a') return applySpec(pythonRepr(value), spec ?? '');
      if (conversion === 's') return applySpec(pythonStr(value), spec ?? '');
      return applySpec(value, spec ?? '');
    },
  );
}

function positional(args: readonly unknown[], index: number): unknown {
  if (index >= args.length) {
    throw new PyError('IndexError', `Replacement index ${index} out of range for positional args tuple`);
  }
  return args[index];
}

/** `{0.name}` and `{0[key]}` in a replacement field. */
function followPath(value: unknown, path: string): unknown {
  let current = value;
  for (const [, attr, key] of path.matchAll(/\.(\w+)|\[([^\]]+)\]/g)) {
    const name = attr ?? key ?? '';
    const target = current as Record<string, unknown> | unknown[] | null | undefined;
    current =
      Array.isArray(target) && /^\d+$/.test(name)
        ? target[Number(name)]
        : (target as Record<string, unknown> | null | undefined)?.[name];
  }
  return current;
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** The format-spec mini-language: `[[fill]align][sign][#][0][width][,][.precision][type]`. */
function applySpec(value: unknown, spec: string): string {
  if (spec === '') return pythonStr(value);
  // Dates format themselves, as Python's datetime.__format__ does: '{:%Y-%m}'.format(d).
  const strftime = (value as { strftime?: unknown } | null)?.strftime;
  if (typeof strftime === 'function') return String(strftime.call(value, spec));
  const m = SPEC.exec(spec);
  if (!m) throw valueError(`Invalid format specifier '${spec}'`);
  const [, fill, align, sign = '-', alternate, zero, width, grouping, precision, type] = m;
  const numeric = typeof value === 'number' || typeof value === 'boolean';
  let body: string;
  let prefix = '';
  if (numeric && type !== 's' && type !== 'c') {
    const n = Number(value);
    const kind = type ?? (Number.isInteger(n) && precision === undefined ? 'd' : 'g');
    const digits = precision === undefined ? undefined : Number(precision);
    body =
      type === undefined && precision === undefined
        ? pythonStr(Math.abs(n))
        : formatNumber(Math.abs(n), kind, digits, alternate !== undefined);
    if (grouping) body = body.replace(/^\d+/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, grouping));
    prefix = n < 0 ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  } else {
    if (type !== undefined && type !== 's')
      throw valueError(`Unknown format code '${type}' for object of type '${pyTypeName(value)}'`);
    const text = pythonStr(value);
    body = precision === undefined ? text : text.slice(0, Number(precision));
  }
  const size = width === undefined ? 0 : Number(width);
  const padChar = fill ?? (zero && !align ? '0' : ' ');
  const alignment = align ?? (zero && numeric ? '=' : numeric ? '>' : '<');
  const room = Math.max(0, size - prefix.length - body.length);
  switch (alignment) {
    case '<':
      return prefix + body + padChar.repeat(room);
    case '^':
      return padChar.repeat(Math.floor(room / 2)) + prefix + body + padChar.repeat(Math.ceil(room / 2));
    case '=':
      return prefix + padChar.repeat(room) + body;
    default:
      return padChar.repeat(room) + prefix + body;
  }
}
