/**
 * A template's JavaScript with its literal strings and numbers taken out: `body` reads them
 * from the array `$k`. Templates with the same Jinja structure (a config call, SQL, two refs,
 * SQL…) differ only in those literals, so they share one body, which V8 compiles once instead of
 * once per template — compiling generated code is a large part of rendering a project.
 */
export interface CodeSkeleton {
  readonly body: string;
  readonly constants: readonly (string | number)[];
}

/** A compiled template as kept and passed around: its skeleton, or its code when it has none. */
export type TemplateCode = CodeSkeleton | string;

/** The form to keep of `code`: its skeleton when it has one. */
export function templateCodeOf(code: string): TemplateCode {
  return codeSkeleton(code) ?? code;
}

/** The name of the constants parameter: generated identifiers never contain `$`. */
export const CONSTANTS = '$k';

/**
 * Splits `code` (made by ldp's template compiler) into a body and its constants, or returns
 * undefined when it meets anything it does not read with certainty (a template literal, a
 * comment, an escape it does not decode): that template is then compiled on its own. Literals
 * that are object keys (`{"a": 1}`, or before a ternary's `:`) stay in the body.
 */
export function codeSkeleton(code: string): CodeSkeleton | undefined {
  const parts: string[] = [];
  const constants: (string | number)[] = [];
  let copied = 0;
  const literal = LITERAL;
  literal.lastIndex = 0;
  for (let match = literal.exec(code); match !== null; match = literal.exec(code)) {
    const start = match.index;
    const text = match[0];
    const end = start + text.length;
    const first = text.charCodeAt(0);
    if (first === 96 /* ` */ || first === 47 /* / */ || (text.length === 1 && (first === 34 || first === 39)))
      return undefined;
    let value: string | number | undefined;
    if (first === 34 || first === 39) {
      value = decodeString(code, start + 1, end - 1);
      if (value === undefined) return undefined;
    } else {
      // Digits of a name (`t_1`), or a number written otherwise (`1e5`, `0x1f`, `1.`): as written.
      const before = code.charCodeAt(start - 1);
      if (isIdentifierPart(before) || before === 46 /* . */) continue;
      const after = code.charCodeAt(end);
      if (isIdentifierPart(after) || after === 46 /* . */) continue;
      value = Number(text);
    }
    if (isKey(code, end)) continue;
    parts.push(code.slice(copied, start), `${CONSTANTS}[${constants.length}]`);
    constants.push(value);
    copied = end;
  }
  parts.push(code.slice(copied));
  return { body: parts.join(''), constants };
}

/**
 * What the scan stops at: string literals (on one line), runs of digits, and what it refuses:
 * template literals, comments, and a quote that starts no literal it can read.
 */
const LITERAL = /"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'|\d+(?:\.\d+)?|`|\/[/*]|["']/g;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A character of a name (NaN, before the start or past the end, is not). */
function isIdentifierPart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127 || isDigit(c);
}

/** A `:` follows (after spaces): an object key or a ternary's first branch, which stay. */
function isKey(code: string, from: number): boolean {
  let i = from;
  while (code[i] === ' ' || code[i] === '\t') i++;
  return code[i] === ':';
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** The value of a string literal's contents, for the escapes JavaScript code generators write. */
function decodeString(code: string, start: number, end: number): string | undefined {
  const firstEscape = code.indexOf('\\', start);
  if (firstEscape === -1 || firstEscape >= end) return code.slice(start, end);
  let out = '';
  let copied = start;
  for (let i = firstEscape; i < end; i++) {
    if (code[i] !== '\\') continue;
    out += code.slice(copied, i);
    const next = code[i + 1]!;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(code.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(code.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(code.slice(i + 2, i + 4))) {
      out += String.fromCharCode(Number.parseInt(code.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      return undefined;
    }
    copied = i + 1;
  }
  return out + code.slice(copied, end);
}
