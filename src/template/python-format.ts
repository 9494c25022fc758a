import { pythonRepr, pythonStr } from './python-repr.js';

/** Python's `'%s and %05.2f' % (a, b)`: the `format` filter of Jinja2. */
export function percentFormat(
  template: string,
  args: readonly unknown[],
  named?: Record<string, unknown>,
): string {
  let next = 0;
  return template.replace(
    /%(?:\((\w+)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifFeEgGxXorc%])/g,
    (
      _match,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      type: string,
    ) => {
      if (type === '%') return '%';
      const value = key !== undefined ? named?.[key] : args[next++];
      const text = convert(value, type, precision === undefined ? undefined : Number(precision), flags);
      return pad(text, flags, width === undefined ? 0 : Number(width), type);
    },
  );
}

function convert(value: unknown, type: string, precision: number | undefined, flags: string): string {
  const sign = (n: number, s: string) =>
    n >= 0 && flags.includes('+') ? `+${s}` : n >= 0 && flags.includes(' ') ? ` ${s}` : s;
  switch (type) {
    case 's':
      return precision === undefined ? pythonStr(value) : pythonStr(value).slice(0, precision);
    case 'r':
      return pythonRepr(value);
    case 'd':
    case 'i':
      return sign(Number(value), String(Math.trunc(Number(value))));
    case 'f':
    case 'F':
      return sign(Number(value), Number(value).toFixed(precision ?? 6));
    case 'e':
    case 'E': {
      const text = Number(value)
        .toExponential(precision ?? 6)
        .replace(/e([+-])(\d)$/, 'e$10$2');
      return sign(Number(value), type === 'E' ? text.toUpperCase() : text);
    }
    case 'g':
    case 'G':
      return sign(Number(value), String(Number(Number(value).toPrecision(precision ?? 6))));
    case 'x':
      return Math.trunc(Number(value)).toString(16);
    case 'X':
      return Math.trunc(Number(value)).toString(16).toUpperCase();
    case 'o':
      return Math.trunc(Number(value)).toString(8);
    case 'c':
      return typeof value === 'number' ? String.fromCodePoint(value) : pythonStr(value);
    default:
      return pythonStr(value);
  }
}

function pad(text: string, flags: string, width: number, type: string): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && 'difFeEgGxXo'.includes(type)) {
    const negative = text.startsWith('-') || text.startsWith('+');
    return negative ? text[0] + text.slice(1).padStart(width - 1, '0') : text.padStart(width, '0');
  }
  return text.padStart(width);
}

/** Python's `'{} {name} {0:>5}'.format(...)`, with the common format specs. */
export function braceFormat(
  template: string,
  args: readonly unknown[],
  named: Record<string, unknown>,
): string {
  let auto = 0;
  return template.replace(
    /\{\{|\}\}|\{([^{}:!]*)(?:!([rs]))?(?::([^{}]*))?\}/g,
    (match, field: string | undefined, conversion, spec) => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      const name = field ?? '';
      const value =
        name === '' ? args[auto++] : /^\d+$/.test(name) ? args[Number(name)] : lookupPath(named, name);
      const text = conversion === 'r' ? pythonRepr(value) : applySpec(value, spec ?? '');
      return text;
    },
  );
}

function lookupPath(named: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((obj, key) => (obj as Record<string, unknown> | undefined)?.[key], named);
}

function applySpec(value: unknown, spec: string): string {
  const m = /^(?:(.)?([<>^=]))?([-+ ])?(0)?(\d+)?(,)?(?:\.(\d+))?([sdfeEgGxXob%])?$/.exec(spec);
  if (!spec || !m) return pythonStr(value);
  const [, fill = ' ', align, , zero, width, comma, precision, type] = m;
  let text: string;
  if (type === 'f' || type === '%') {
    const n = Number(value) * (type === '%' ? 100 : 1);
    text = n.toFixed(precision === undefined ? 6 : Number(precision)) + (type === '%' ? '%' : '');
  } else if (type === 'd') text = String(Math.trunc(Number(value)));
  else if (type === 'x') text = Math.trunc(Number(value)).toString(16);
  else if (type === 'e') text = Number(value).toExponential(precision === undefined ? 6 : Number(precision));
  else
    text =
      precision !== undefined && typeof value === 'string'
        ? value.slice(0, Number(precision))
        : pythonStr(value);
  if (comma) text = text.replace(/^(-?\d+)/, (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  const size = width === undefined ? 0 : Number(width);
  const padChar = zero && !align ? '0' : fill;
  const defaultRight = typeof value === 'number';
  switch (align ?? (zero ? '=' : defaultRight ? '>' : '<')) {
    case '<':
      return text.padEnd(size, padChar);
    case '^': {
      const total = Math.max(0, size - text.length);
      return padChar.repeat(Math.floor(total / 2)) + text + padChar.repeat(Math.ceil(total / 2));
    }
    default:
      return text.padStart(size, padChar);
  }
}
