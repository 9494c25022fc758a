import { type Loose, lexer } from '../nunjucks-internals.js';
import { nextToken } from './jinja-tokens.js';

/** Python's one-character string escapes, which Jinja's strings share. */
export const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

/**
 * Decodes a string literal's escapes as Python does: known escapes (`\n`, `\x41`, `\u00e9`, octal)
 * become characters and unknown ones keep their backslash, so `'\d+'` stays a regex pattern.
 * (nunjucks drops the backslash of unknown escapes.)
 */
export function decodePythonEscapes(raw: string): string {
  return raw.replace(
    /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{1,3})|([\s\S]))/g,
    (whole, hex2: string, hex4: string, hex8: string, octal: string, other: string) => {
      const code = hex2 ?? hex4 ?? hex8;
      if (code !== undefined) return String.fromCodePoint(Number.parseInt(code, 16));
      if (octal !== undefined) return String.fromCodePoint(Number.parseInt(octal, 8));
      return Object.hasOwn(SIMPLE_ESCAPES, other) ? SIMPLE_ESCAPES[other]! : whole;
    },
  );
}

/**
 * Moves the tokenizer from `from` to `to` as that many `forward()` calls would: one line per
 * newline passed, the column counted from the last one. nunjucks advances one character at a
 * time, which makes lexing most of a template's cost.
 */
function advance(tokenizer: Loose, from: number, to: number): void {
  const text: string = tokenizer.str;
  let lineStart = -1;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 10) {
      tokenizer.lineno++;
      lineStart = i;
    }
  }
  tokenizer.colno = lineStart === -1 ? tokenizer.colno + to - from : to - lineStart - 1;
  tokenizer.index = to;
}

/** Whether `text` comes next (null when it would run past the end), without a slice per check. */
function matches(this: Loose, text: string): boolean | null {
  if (this.index + text.length > this.len) return null;
  return (this.str as string).startsWith(text, this.index);
}

function forwardN(this: Loose, n: number): void {
  advance(this, this.index, this.index + n);
}

/**
 * nunjucks' `_extractMatching` without a call and a concatenation per character: the characters
 * up to the first one that is (`breakOnMatch`) or is not in `chars`; null at the end.
 */
function extractMatching(this: Loose, breakOnMatch: boolean, chars: string): string | null {
  const text: string = this.str;
  const start: number = this.index;
  if (start >= this.len) return null;
  let end = start;
  while (end < this.len && (chars.indexOf(text[end]!) === -1) === breakOnMatch) end++;
  if (end === start) return '';
  advance(this, start, end);
  return text.slice(start, end);
}

/** Reads a string literal's raw text (escapes kept) and decodes it with Python's rules. */
function parsePythonString(this: Loose, delimiter: string): string {
  this.forward();
  const text: string = this.str;
  const start: number = this.index;
  let end = start;
  while (end < this.len && text[end] !== delimiter) {
    // An escaped character never ends the literal; a backslash at the very end is kept.
    if (text[end] === '\\' && end + 1 < this.len) end++;
    end++;
  }
  advance(this, start, end);
  this.forward();
  return decodePythonEscapes(text.slice(start, end));
}

/**
 * nunjucks' tokenizer for `source` (this instance only changed): string literals read as Python
 * does, `r/` read as a name, and `}}` inside open brackets closing a dict rather than the tag, as
 * Jinja2 balances them (`{{ config(meta={'owner': {'name': 'x'}}) }}`). Its methods read runs of
 * characters at once (see `jinja-tokens.ts`).
 */
export function lexJinja(source: string): Loose {
  const tokenizer = lexer.lex(source, {});
  tokenizer._parseString = parsePythonString;
  tokenizer._extractMatching = extractMatching;
  tokenizer._matches = matches;
  tokenizer.forwardN = forwardN;
  tokenizer.nextToken = nextToken;
  /** Brackets open in the current tag. */
  tokenizer.ldpDepth = 0;
  return tokenizer;
}
