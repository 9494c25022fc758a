/**
 * How Jinja2 prints values: through Python's `str()`. Lists and dicts print with `repr()` of
 * their items (`[1, 'a', None, True]`), booleans as `True`/`False`, None as `None`.
 */
export function pythonStr(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isPlainObject(value)) return pythonDict(value);
  return String(value);
}

/** Python's `repr()`: strings quoted, the rest as `str()`. */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return reprString(value);
  if (value === undefined) return 'None';
  if (isSafeString(value)) return reprString(String(value));
  return pythonStr(value);
}

function pythonDict(value: Record<string, unknown>): string {
  const entries = Object.entries(value).filter(([key]) => key !== '__keywords');
  return `{${entries.map(([k, v]) => `${reprString(k)}: ${pythonRepr(v)}`).join(', ')}}`;
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return String(value);
}

/** Single quotes unless the text has a single quote and no double quote, as Python chooses. */
function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return quote + out + quote;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isSafeString(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { constructor?: { name?: string } }).constructor?.name === 'SafeString'
  );
}
