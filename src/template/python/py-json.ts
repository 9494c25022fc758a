import { typeError } from './py-errors.js';
import { dictKeys, isPlainObject, PySet, pyTypeName } from './py-types.js';
import { pythonStr } from './python-repr.js';

export interface JsonOptions {
  readonly sortKeys?: boolean;
  readonly indent?: number | string | null;
  /** Escape `<`, `>`, `&` and `'` as Jinja2's `tojson` filter does for HTML safety. */
  readonly htmlSafe?: boolean;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  "'": '\\u0027',
};

/** A JSON string literal as Python writes it (`ensure_ascii`: non-ASCII as `\uXXXX`). */
function jsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function jsonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return pythonStr(value);
}

/**
 * Python's `json.dumps`: `", "` and `": "` separators (`","` with an indent), optional key
 * sorting, a TypeError for values JSON cannot hold (sets, dates, undefined).
 */
export function pyJsonDumps(value: unknown, options: JsonOptions = {}): string {
  const indent = typeof options.indent === 'number' ? ' '.repeat(options.indent) : (options.indent ?? null);
  const write = (item: unknown, depth: number): string => {
    if (item === null) return 'null';
    if (item === true) return 'true';
    if (item === false) return 'false';
    if (typeof item === 'number') return jsonNumber(item);
    if (typeof item === 'string') return jsonString(item);
    const parts = (entries: string[], open: string, close: string) => {
      if (entries.length === 0) return open + close;
      if (indent === null) return open + entries.join(', ') + close;
      const pad = `\n${indent.repeat(depth + 1)}`;
      return `${open}${pad}${entries.join(`,${pad}`)}\n${indent.repeat(depth)}${close}`;
    };
    if (Array.isArray(item) && !(item instanceof PySet))
      return parts(
        item.map((x) => write(x, depth + 1)),
        '[',
        ']',
      );
    if (isPlainObject(item)) {
      const keys = dictKeys(item);
      if (options.sortKeys) keys.sort();
      return parts(
        keys.map((k) => `${jsonString(k)}: ${write(item[k], depth + 1)}`),
        '{',
        '}',
      );
    }
    throw typeError(`Object of type ${pyTypeName(item)} is not JSON serializable`);
  };
  const text = write(value, 0);
  return options.htmlSafe ? text.replace(/[<>&']/g, (ch) => HTML_ESCAPES[ch]!) : text;
}

/** Python's `json.loads`, which also reads `NaN` and `Infinity`. */
export function pyJsonLoads(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/\b(NaN|-?Infinity)\b/.test(text)) throw error;
    return JSON.parse(text.replace(/\b(NaN|-?Infinity)\b/g, '"\u0000$1"'), (_key, value) =>
      typeof value === 'string' && value.startsWith('\u0000') ? Number(value.slice(1)) : value,
    );
  }
}
