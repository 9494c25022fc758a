/**
 * A GoogleSQL string literal: single quotes, with a backslash escaping a quote, a backslash and
 * the control characters (doubling a quote, as DuckDB does, ends the literal in GoogleSQL).
 */
export function quoteBigQueryString(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "'" || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}'`;
}
