import { PyError, typeError, valueError } from './py-errors.js';
import { dictKeys, isPlainObject, PySet, PyTuple, pyTypeName } from './py-types.js';
import { percentFormat } from './python-format.js';

/**
 * Python's operators on template values. Where JavaScript and Python disagree (`[] + []`,
 * `'ab' * 2`, truthiness of empty lists, `-7 % 3`) these give Python's answer; where Python raises
 * a TypeError, so do they.
 */

/** Objects (datetimes, timedeltas) that define Python operators for themselves. */
export interface PyOperand {
  pyAdd?(other: unknown): unknown;
  pySub?(other: unknown): unknown;
  pyRadd?(other: unknown): unknown;
  pyCompare?(other: unknown): number | undefined;
  pyEquals?(other: unknown): boolean;
  pyBool?(): boolean;
}

/** Python's truth value: empty strings, lists, dicts, sets, 0, None and undefined are false. */
export function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    if (isPlainObject(value)) return dictKeys(value).length > 0;
    if (value instanceof Map || value instanceof Set) return value.size > 0;
    const operand = value as PyOperand;
    if (typeof operand.pyBool === 'function') return operand.pyBool();
    if (value.constructor?.name === 'SafeString') return String(value).length > 0;
  }
  return true;
}

const isNumeric = (value: unknown): value is number | boolean =>
  typeof value === 'number' || typeof value === 'boolean';
const isText = (value: unknown): boolean =>
  typeof value === 'string' ||
  (value !== null && typeof value === 'object' && value.constructor?.name === 'SafeString');

/** Python's `==`: by value for lists, tuples, dicts and sets; `True == 1`; `'1' != 1`. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  if (isText(a) && isText(b)) return String(a) === String(b);
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (Array.isArray(a) && Array.isArray(b)) return sequenceEq(a, b);
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = dictKeys(a);
    return keys.length === dictKeys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]));
  }
  const operand = a as PyOperand;
  return typeof operand.pyEquals === 'function' ? operand.pyEquals(b) : false;
}

function sequenceEq(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a instanceof PySet || b instanceof PySet) {
    return a.length === b.length && a.every((item) => b.some((other) => pyEq(item, other)));
  }
  if (a instanceof PyTuple !== b instanceof PyTuple) return false;
  return a.length === b.length && a.every((item, i) => pyEq(item, b[i]));
}

/** Python's ordering (`<`): numbers, strings, lists and tuples element by element, datetimes. */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  if (isText(a) && isText(b)) {
    const [x, y] = [String(a), String(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b) && a instanceof PyTuple === b instanceof PyTuple) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  const compared = (a as PyOperand | null)?.pyCompare?.(b);
  if (compared !== undefined) return compared;
  throw unsupported(op, a, b, `'${op}' not supported between instances of`);
}

/** The comparison operators of templates, chained as Python chains them (`a < b < c`). */
export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEq(a, b);
    case '!=':
      return !pyEq(a, b);
    case '<':
      return pyCompare(a, b, op) < 0;
    case '>':
      return pyCompare(a, b, op) > 0;
    case '<=':
      return pyCompare(a, b, op) <= 0;
    case '>=':
      return pyCompare(a, b, op) >= 0;
    default:
      throw new PyError('TemplateRuntimeError', `unknown comparison operator '${op}'`);
  }
}

export function pyAdd(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (isNumeric(a) && isNumeric(b)) return Number(a) + Number(b);
  if (isText(a) && isText(b)) return String(a) + String(b);
  if (Array.isArray(a) && Array.isArray(b) && a instanceof PyTuple === b instanceof PyTuple) {
    return a instanceof PyTuple ? PyTuple.make([...a, ...b]) : [...a, ...b];
  }
  const result = (a as PyOperand | null)?.pyAdd?.(b) ?? (b as PyOperand | null)?.pyRadd?.(a);
  if (result !== undefined) return result;
  if (isText(a))
    throw operandUndefined(b) ?? typeError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
  throw unsupported('+', a, b);
}

export function pySub(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  const result = (a as PyOperand | null)?.pySub?.(b);
  if (result !== undefined) return result;
  throw unsupported('-', a, b);
}

export function pyMul(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) return Number(a) * Number(b);
  if (typeof b === 'number' && (isText(a) || Array.isArray(a))) return repeat(a, b);
  if (typeof a === 'number' && (isText(b) || Array.isArray(b))) return repeat(b, a);
  throw unsupported('*', a, b);
}

function repeat(value: unknown, times: number): unknown {
  if (!Number.isInteger(times)) throw typeError(`can't multiply sequence by non-int of type 'float'`);
  if (isText(value)) return String(value).repeat(Math.max(0, times));
  const items = value as unknown[];
  const out = Array.from({ length: Math.max(0, times) }, () => items).flat();
  return items instanceof PyTuple ? PyTuple.make(out) : out;
}

export function pyDiv(a: unknown, b: unknown): number {
  if (!isNumeric(a) || !isNumeric(b)) throw unsupported('/', a, b);
  if (Number(b) === 0) throw new PyError('ZeroDivisionError', 'division by zero');
  return Number(a) / Number(b);
}

export function pyFloorDiv(a: unknown, b: unknown): number {
  if (!isNumeric(a) || !isNumeric(b)) throw unsupported('//', a, b);
  if (Number(b) === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
  return Math.floor(Number(a) / Number(b));
}

/** `%`: Python's modulo (the sign of the divisor) on numbers, printf-style formatting on strings. */
export function pyMod(a: unknown, b: unknown): unknown {
  if (isText(a)) {
    if (b instanceof PyTuple) return percentFormat(String(a), b);
    if (isPlainObject(b)) return percentFormat(String(a), [b], b);
    return percentFormat(String(a), [b]);
  }
  if (!isNumeric(a) || !isNumeric(b)) throw unsupported('%', a, b);
  const [x, y] = [Number(a), Number(b)];
  if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
  return x - y * Math.floor(x / y);
}

/** `~`: both sides as text. */
export function concat(a: unknown, b: unknown, str: (value: unknown) => string): string {
  return str(a) + str(b);
}

/** Python's `item in container`. */
export function pyContains(container: unknown, item: unknown): boolean {
  if (container === undefined) return false;
  if (isText(container)) {
    if (!isText(item))
      throw typeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return String(container).includes(String(item));
  }
  if (Array.isArray(container)) return container.some((x) => pyEq(x, item));
  if (isPlainObject(container)) return item !== '__keywords' && Object.hasOwn(container, String(item));
  if (container instanceof Map || container instanceof Set) return container.has(item);
  throw typeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

function operandUndefined(value: unknown): PyError | undefined {
  return value === undefined
    ? new PyError('UndefinedError', 'an undefined value was used in an operation')
    : undefined;
}

function unsupported(
  op: string,
  a: unknown,
  b: unknown,
  prefix = `unsupported operand type(s) for ${op}:`,
): PyError {
  return (
    operandUndefined(a) ??
    operandUndefined(b) ??
    typeError(`${prefix} '${pyTypeName(a)}' and '${pyTypeName(b)}'`)
  );
}

/** `x[start:stop:step]` with Python's clamping and negative indexes; strings stay strings. */
export function pySlice(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const text = isText(value);
  const items: readonly unknown[] = text ? Array.from(String(value)) : Array.isArray(value) ? value : [];
  if (!text && !Array.isArray(value)) throw typeError(`'${pyTypeName(value)}' object is not subscriptable`);
  const by = step === null || step === undefined ? 1 : Number(step);
  if (by === 0) throw valueError('slice step cannot be zero');
  const length = items.length;
  const [lower, upper] = by > 0 ? [0, length] : [-1, length - 1];
  const clamp = (bound: unknown, fallback: number) => {
    if (bound === null || bound === undefined) return fallback;
    const n = Number(bound);
    return n < 0 ? Math.max(n + length, lower) : Math.min(n, upper);
  };
  const from = clamp(start, by > 0 ? lower : upper);
  const to = clamp(stop, by > 0 ? upper : lower);
  const out: unknown[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(items[i]);
  if (text) return out.join('');
  return value instanceof PyTuple ? PyTuple.make(out) : out;
}

/** Python's `len()`. */
export function pyLen(value: unknown): number {
  if (value === undefined) return 0;
  if (isText(value)) return Array.from(String(value)).length;
  if (Array.isArray(value)) return value.length;
  if (isPlainObject(value)) return dictKeys(value).length;
  if (value instanceof Map || value instanceof Set) return value.size;
  throw typeError(`object of type '${pyTypeName(value)}' has no len()`);
}

/**
 * The items a `for` loop (or a filter) walks: characters of a string, keys of a dict, items of
 * any iterable. Undefined walks as empty, as Jinja2's Undefined does; None is an error.
 */
export function iterate(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined) return [];
  if (typeof value === 'string') return Array.from(value);
  if (value !== null && typeof value === 'object') {
    if (isPlainObject(value)) return dictKeys(value);
    if (value instanceof Map) return [...value.keys()];
    if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
      return [...(value as Iterable<unknown>)];
  }
  throw typeError(`'${pyTypeName(value)}' object is not iterable`);
}

/** `a, b = value`: exactly `count` items or a ValueError, as Python unpacks. */
export function unpack(value: unknown, count: number): readonly unknown[] {
  const items = iterate(value);
  if (items.length !== count) {
    throw valueError(
      items.length > count
        ? `too many values to unpack (expected ${count})`
        : `not enough values to unpack (expected ${count}, got ${items.length})`,
    );
  }
  return items;
}
