import { dictKeys, GroupTuple, isPlainObject, PyNamespace, PySet, PyTuple, PyView } from './py-types.js';

/**
 * How Jinja2 prints a value: Python's `str()`. Lists and dicts print their items with `repr()`
 * (`[1, 'a', None, True]`), booleans as `True`/`False`, None as `None`, undefined as nothing.
 * Objects print through their own `toString()` (relations print as their SQL name).
 */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function') return functionRepr(value);
  if (Array.isArray(value)) return sequenceRepr(value);
  if (isPlainObject(value)) {
    const own = value['toString'];
    return typeof own === 'function' && Object.hasOwn(value, 'toString')
      ? String(own.call(value))
      : dictRepr(value);
  }
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  if (value instanceof PyNamespace)
    return `<Namespace ${dictRepr(value as unknown as Record<string, unknown>)}>`;
  return String(value);
}

/** Python's `repr()`: strings quoted, containers recursively, the rest as `str()`. */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return stringRepr(value);
  if (value === undefined) return 'Undefined';
  if (value !== null && typeof value === 'object' && typeof (value as PyReprable).pyRepr === 'function') {
    return (value as PyReprable).pyRepr();
  }
  if (isSafeString(value)) return stringRepr(String(value));
  return pythonStr(value);
}

/** Objects that print differently inside containers, as Python's `datetime` does. */
export interface PyReprable {
  pyRepr(): string;
}

function sequenceRepr(value: readonly unknown[]): string {
  const items = value.map(pythonRepr).join(', ');
  if (value instanceof GroupTuple) return `(${items})`;
  if (value instanceof PyTuple) return value.length === 1 ? `(${items},)` : `(${items})`;
  if (value instanceof PySet) return value.length === 0 ? 'set()' : `{${items}}`;
  if (value instanceof PyView) return `${value.kind}([${items}])`;
  return `[${items}]`;
}

function dictRepr(value: Record<string, unknown>): string {
  return `{${dictKeys(value)
    .map((key) => `${stringRepr(key)}: ${pythonRepr(value[key])}`)
    .join(', ')}}`;
}

function functionRepr(fn: object): string {
  const macro = (fn as { macroName?: string }).macroName;
  return macro === undefined
    ? `<function ${(fn as { name?: string }).name || '<lambda>'}>`
    : `<Macro '${macro}'>`;
}

/** Python prints floats in exponent form below 1e-4, with at least two exponent digits. */
function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value !== 0 && !Number.isInteger(value) && Math.abs(value) < 1e-4) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

/** Single quotes unless the text has a single quote and no double quote, as Python chooses. */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

function isSafeString(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { constructor?: { name?: string } }).constructor?.name === 'SafeString'
  );
}
