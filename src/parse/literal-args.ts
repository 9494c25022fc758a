/**
 * Parses the argument list of a Jinja call when every argument is a literal
 * (`ref('orders', v=2)`, `config(materialized='table', tags=['a'])`). Anything else — a variable,
 * an expression, a filter — returns undefined so the caller falls back to the template engine.
 */
export interface LiteralArgs {
  readonly positional: readonly unknown[];
  readonly keywords: Readonly<Record<string, unknown>>;
  /** Offset just past the closing parenthesis. */
  readonly end: number;
}

const NOT_LITERAL = Symbol('not literal');
/** `name=` (not `name==`) at the current position. */
const KEYWORD = /([A-Za-z_]\w*)\s*=(?!=)/y;
/** A number or a name at the current position. */
const WORD = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_]\w*/y;
type Parsed = { value: unknown; end: number } | typeof NOT_LITERAL;

/** `start` is the offset just after the opening parenthesis. */
export function parseLiteralArgs(text: string, start: number): LiteralArgs | undefined {
  const positional: unknown[] = [];
  const keywords: Record<string, unknown> = {};
  let i = skipSpace(text, start);
  if (text[i] === ')') return { positional, keywords, end: i + 1 };
  for (;;) {
    KEYWORD.lastIndex = i;
    const keyword = KEYWORD.exec(text);
    if (keyword) i = skipSpace(text, i + keyword[0].length);
    const parsed = parseValue(text, i);
    if (parsed === NOT_LITERAL) return undefined;
    if (keyword) keywords[keyword[1]!] = parsed.value;
    else if (Object.keys(keywords).length > 0) return undefined;
    else positional.push(parsed.value);
    i = skipSpace(text, parsed.end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
    else if (text[i] === ')') return { positional, keywords, end: i + 1 };
    else return undefined;
    if (text[i] === ')') return { positional, keywords, end: i + 1 };
  }
}

function parseValue(text: string, i: number): Parsed {
  const c = text[i];
  if (c === "'" || c === '"') return parseString(text, i, c);
  if (c === '[') return parseSequence(text, i + 1, ']');
  if (c === '(') return parseSequence(text, i + 1, ')');
  if (c === '{') return parseDict(text, i + 1);
  WORD.lastIndex = i;
  const word = WORD.exec(text);
  if (!word) return NOT_LITERAL;
  const token = word[0];
  const end = i + token.length;
  if (/^[A-Za-z_]/.test(token)) {
    const constant = CONSTANTS.get(token);
    return constant === undefined ? NOT_LITERAL : { value: constant.value, end };
  }
  return { value: Number(token), end };
}

const CONSTANTS = new Map<string, { value: unknown }>([
  ['true', { value: true }],
  ['True', { value: true }],
  ['false', { value: false }],
  ['False', { value: false }],
  ['none', { value: null }],
  ['None', { value: null }],
]);

function parseString(text: string, i: number, quote: string): Parsed {
  const close = text.indexOf(quote, i + 1);
  const backslash = text.indexOf('\\', i + 1);
  if (close !== -1 && (backslash === -1 || backslash > close))
    return { value: text.slice(i + 1, close), end: close + 1 };
  let out = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === '\\') {
      const next = text[j + 1];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
      j++;
    } else if (c === quote) {
      // Adjacent literals concatenate in Jinja too ('a' 'b'), but nobody writes that in a ref.
      return { value: out, end: j + 1 };
    } else {
      out += c;
    }
  }
  return NOT_LITERAL;
}

function parseSequence(text: string, i: number, close: string): Parsed {
  const items: unknown[] = [];
  let j = skipSpace(text, i);
  while (text[j] !== close) {
    const parsed = parseValue(text, j);
    if (parsed === NOT_LITERAL) return NOT_LITERAL;
    items.push(parsed.value);
    j = skipSpace(text, parsed.end);
    if (text[j] === ',') j = skipSpace(text, j + 1);
    else if (text[j] !== close) return NOT_LITERAL;
  }
  return { value: items, end: j + 1 };
}

function parseDict(text: string, i: number): Parsed {
  const dict: Record<string, unknown> = {};
  let j = skipSpace(text, i);
  while (text[j] !== '}') {
    const key = parseValue(text, j);
    if (key === NOT_LITERAL || typeof key.value !== 'string') return NOT_LITERAL;
    j = skipSpace(text, key.end);
    if (text[j] !== ':') return NOT_LITERAL;
    const value = parseValue(text, skipSpace(text, j + 1));
    if (value === NOT_LITERAL) return NOT_LITERAL;
    dict[key.value] = value.value;
    j = skipSpace(text, value.end);
    if (text[j] === ',') j = skipSpace(text, j + 1);
    else if (text[j] !== '}') return NOT_LITERAL;
  }
  return { value: dict, end: j + 1 };
}

function skipSpace(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // Beyond ASCII, `\s` decides (no-break and other Unicode spaces).
    if (c < 128 || !/\s/.test(text[i]!)) break;
  }
  return i;
}
