import { type Loose, lexer, type Token } from '../nunjucks-internals.js';

/**
 * `nextToken` for nunjucks' tokenizer, with ldp's rules: Python string literals (the
 * tokenizer's `_parseString`), `r/` as the name `r` rather than a regex, and `}}` inside open
 * brackets closing a dict rather than the tag. It gives exactly nunjucks' tokens and positions
 * (without `trimBlocks`/`lstripBlocks`, which ldp never sets) but reads runs of characters at
 * once: nunjucks advances one character at a time through several method calls, which made
 * lexing a large share of compiling a template.
 */
export function nextToken(this: Loose): Token | null {
  return this.in_code ? codeToken(this) : textToken(this);
}

const WHITESPACE = ' \n\t\r\xA0';
const DELIMITERS = '()[]{}%*-+~/#,:|.<>=!';
const SYMBOL_END = WHITESPACE + DELIMITERS;
const DIGITS = '0123456789';
/** Two- and three-character operators, as nunjucks extends a delimiter. */
const COMPOUND = new Set(['==', '===', '!=', '!==', '<=', '>=', '//', '**']);
const DELIMITER_TYPES: Readonly<Record<string, string>> = {
  '(': lexer.TOKEN_LEFT_PAREN,
  ')': lexer.TOKEN_RIGHT_PAREN,
  '[': lexer.TOKEN_LEFT_BRACKET,
  ']': lexer.TOKEN_RIGHT_BRACKET,
  '{': lexer.TOKEN_LEFT_CURLY,
  '}': lexer.TOKEN_RIGHT_CURLY,
  ',': lexer.TOKEN_COMMA,
  ':': lexer.TOKEN_COLON,
  '~': lexer.TOKEN_TILDE,
  '|': lexer.TOKEN_PIPE,
};

/** Tag ends, in the order nunjucks tries them. */
const CLOSERS = ['%}', '-%}', '}}', '-}}'];
const BLOCK_CLOSERS = ['%}', '-%}'];

function token(type: string, value: unknown, lineno: number, colno: number): Token {
  return { type, value, lineno, colno };
}

/** Inside `{{ }}` or `{% %}`. */
function codeToken(t: Loose): Token | null {
  const lineno: number = t.lineno;
  const colno: number = t.colno;
  const text: string = t.str;
  if (t.index >= t.len) return null;
  const cur = text[t.index]!;
  if (cur === 'r' && text[t.index + 1] === '/') {
    t.forward();
    return token(lexer.TOKEN_SYMBOL, 'r', lineno, colno);
  }
  if (cur === '"' || cur === "'") return token(lexer.TOKEN_STRING, t._parseString(cur), lineno, colno);
  const space = t._extractMatching(false, WHITESPACE);
  if (space) return token(lexer.TOKEN_WHITESPACE, space, lineno, colno);
  if (cur === '%' || cur === '-' || cur === '}') {
    // `}}` closes the tag only outside brackets: `{{ f({'a': {'b': 1}}) }}`.
    for (const closer of t.ldpDepth > 0 ? BLOCK_CLOSERS : CLOSERS) {
      if (!text.startsWith(closer, t.index)) continue;
      t.forwardN(closer.length);
      t.in_code = false;
      t.ldpDepth = 0;
      const type = closer.endsWith('%}') ? lexer.TOKEN_BLOCK_END : lexer.TOKEN_VARIABLE_END;
      return token(type, closer, lineno, colno);
    }
  }
  if (DELIMITERS.includes(cur)) return delimiterToken(t, cur, lineno, colno);
  return wordToken(t, lineno, colno);
}

function delimiterToken(t: Loose, first: string, lineno: number, colno: number): Token {
  const text: string = t.str;
  let value = first;
  t.forward();
  const two = first + (text[t.index] ?? '');
  if (COMPOUND.has(two)) {
    t.forward();
    value = two;
    const three = two + (text[t.index] ?? '');
    if (COMPOUND.has(three)) {
      value = three;
      t.forward();
    }
  }
  const type = DELIMITER_TYPES[value] ?? lexer.TOKEN_OPERATOR;
  if (type === lexer.TOKEN_LEFT_PAREN || type === lexer.TOKEN_LEFT_BRACKET || type === lexer.TOKEN_LEFT_CURLY)
    t.ldpDepth++;
  else if (
    type === lexer.TOKEN_RIGHT_PAREN ||
    type === lexer.TOKEN_RIGHT_BRACKET ||
    type === lexer.TOKEN_RIGHT_CURLY
  )
    t.ldpDepth = Math.max(0, t.ldpDepth - 1);
  return token(type, value, lineno, colno);
}

/** A number, a constant or a name. */
function wordToken(t: Loose, lineno: number, colno: number): Token {
  const word: string = t._extractMatching(true, SYMBOL_END);
  if (/^[-+]?[0-9]+$/.test(word)) {
    if (t.str[t.index] !== '.') return token(lexer.TOKEN_INT, word, lineno, colno);
    t.forward();
    // nunjucks joins whatever `_extract` gives, even null at the very end.
    const decimals: string | null = t._extractMatching(false, DIGITS);
    return token(lexer.TOKEN_FLOAT, `${word}.${decimals}`, lineno, colno);
  }
  if (word === 'true' || word === 'false') return token(lexer.TOKEN_BOOLEAN, word, lineno, colno);
  if (word === 'none' || word === 'null') return token(lexer.TOKEN_NONE, word, lineno, colno);
  if (word) return token(lexer.TOKEN_SYMBOL, word, lineno, colno);
  throw new Error(`Unexpected value while parsing: ${word}`);
}

const OPENERS: readonly (readonly [string, string])[] = [
  ['{%-', lexer.TOKEN_BLOCK_START],
  ['{%', lexer.TOKEN_BLOCK_START],
  ['{{-', lexer.TOKEN_VARIABLE_START],
  ['{{', lexer.TOKEN_VARIABLE_START],
];

/** Template text, a comment, or the tag that opens code. */
function textToken(t: Loose): Token | null {
  const lineno: number = t.lineno;
  const colno: number = t.colno;
  const text: string = t.str;
  if (t.index >= t.len) return null;
  if (text[t.index] === '{') {
    for (const [opener, type] of OPENERS) {
      if (!text.startsWith(opener, t.index)) continue;
      t.forwardN(opener.length);
      t.in_code = true;
      return token(type, opener, lineno, colno);
    }
  }
  const inComment = text.startsWith('{#', t.index);
  let value = '';
  if (inComment) {
    value = '{#';
    t.forwardN(2);
  }
  const next = nextSpecial(text, t.index, inComment);
  if (next === -1) {
    value += text.slice(t.index);
    // nunjucks steps once past the end when the text ends in an ordinary character.
    const last = text[t.len - 1];
    t.forwardN(t.len - t.index + (last === '{' || last === '#' ? 0 : 1));
    if (inComment) throw new Error('expected end of comment, got end of file');
  } else {
    value += text.slice(t.index, next);
    t.forwardN(next - t.index);
    if (text.startsWith('#}', next)) {
      if (!inComment) throw new Error('unexpected end of comment');
      value += '#}';
      t.forwardN(2);
    }
  }
  return token(inComment ? lexer.TOKEN_COMMENT : lexer.TOKEN_DATA, value, lineno, colno);
}

/**
 * Where text stops: the next `{%`, `{{` or `{#` (outside a comment) or `#}`; -1 at the end.
 * A `{` or `#` that starts none of them is ordinary text.
 */
function nextSpecial(text: string, from: number, inComment: boolean): number {
  for (let i = from; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    const n = text.charCodeAt(i + 1);
    if (c === 35 /* # */ && n === 125 /* } */) return i;
    if (!inComment && c === 123 /* { */ && (n === 37 || n === 123 || n === 35)) return i;
  }
  return -1;
}
