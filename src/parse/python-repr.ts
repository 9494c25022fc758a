/**
 * Python's `repr()` of a string: single quotes unless the text holds a single quote and no double
 * quote; backslash, the quote and control characters escaped as Python escapes them. dbt builds
 * test names and ids from such reprs, so ldp must spell them the same.
 */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    out += escapeChar(char, quote);
  }
  return out + quote;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeChar(char: string, quote: string): string {
  if (char === quote) return `\\${quote}`;
  const named = NAMED_ESCAPES[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  // Python prints other control characters (and DEL, C1 controls) as \xNN.
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
  return char;
}
