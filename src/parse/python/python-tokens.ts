import { LdpError, offsetToLineCol } from '../../errors/index.js';
import { SIMPLE_ESCAPES } from '../../template/syntax/jinja-lexer.js';

/**
 * One token of Python source, as far as reading a model's `dbt.*` calls needs: comments,
 * whitespace and line breaks are dropped, so a call written inside a comment or a string is never
 * taken for a call.
 */
export type PythonToken =
  | { readonly kind: 'name'; readonly text: string; readonly offset: number }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly offset: number }
  | {
      readonly kind: 'string';
      readonly text: string;
      /** The string's value; undefined for f-strings and bytes, whose value is not a literal str. */
      readonly value: string | undefined;
      readonly offset: number;
    }
  | { readonly kind: 'op'; readonly text: string; readonly offset: number };

const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER =
  /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJ]?/y;
const STRING_PREFIX = /(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?(?=['"])/y;
/** Operators of two or three characters, so `==` is never read as a keyword argument's `=`. */
const LONG_OPS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '->',
  ':=',
  '+=',
  '-=',
];

/** Tokens of `text`; an unterminated string is an error at its opening quote. */
export function tokenizePython(file: string, text: string): PythonToken[] {
  const tokens: PythonToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\\') {
      i++;
    } else if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (matchAt(STRING_PREFIX, text, i) !== undefined) {
      const token = readString(file, text, i, matchAt(STRING_PREFIX, text, i)!);
      tokens.push(token);
      i = token.offset + token.text.length;
    } else if (/[\p{L}_]/u.test(ch)) {
      const name = matchAt(NAME, text, i)!;
      tokens.push({ kind: 'name', text: name, offset: i });
      i += name.length;
    } else if (/\d/.test(ch) || (ch === '.' && /\d/.test(text[i + 1] ?? ''))) {
      const number = matchAt(NUMBER, text, i)!;
      const value = /[jJ]$/.test(number) ? Number.NaN : Number(number.replace(/_/g, ''));
      tokens.push({ kind: 'number', text: number, value, offset: i });
      i += number.length;
    } else {
      const op = LONG_OPS.find((candidate) => text.startsWith(candidate, i)) ?? ch;
      tokens.push({ kind: 'op', text: op, offset: i });
      i += op.length;
    }
  }
  return tokens;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** A string literal (any prefix, single or triple quotes) starting at `start`. */
function readString(file: string, text: string, start: number, prefix: string): PythonToken {
  const open = start + prefix.length;
  const quote = text.startsWith(text[open]!.repeat(3), open) ? text[open]!.repeat(3) : text[open]!;
  const raw = /[rR]/.test(prefix);
  let value = '';
  let i = open + quote.length;
  while (i < text.length && !text.startsWith(quote, i)) {
    const ch = text[i]!;
    if (ch === '\n' && quote.length === 1) break;
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += raw ? ch + next : (SIMPLE_ESCAPES[next] ?? unicodeEscape(text, i) ?? ch + next);
      i += raw ? 2 : escapeLength(text, i);
      continue;
    }
    value += ch;
    i++;
  }
  if (!text.startsWith(quote, i)) throw unterminated(file, text, start);
  const end = i + quote.length;
  const literal = !/[fFbB]/.test(prefix);
  return { kind: 'string', text: text.slice(start, end), value: literal ? value : undefined, offset: start };
}

/** `\xhh`, `\uXXXX`, `\UXXXXXXXX`: the character, or undefined for other escapes. */
function unicodeEscape(text: string, at: number): string | undefined {
  const digits = { x: 2, u: 4, U: 8 }[text[at + 1]!];
  if (digits === undefined) return undefined;
  const hex = text.slice(at + 2, at + 2 + digits);
  return /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits
    ? String.fromCodePoint(Number.parseInt(hex, 16))
    : undefined;
}

function escapeLength(text: string, at: number): number {
  const digits = { x: 2, u: 4, U: 8 }[text[at + 1]!];
  return digits !== undefined && unicodeEscape(text, at) !== undefined ? 2 + digits : 2;
}

function unterminated(file: string, text: string, offset: number): LdpError {
  return new LdpError({
    code: 'LDP125',
    message: 'Python string literal is not terminated',
    span: { file, ...offsetToLineCol(text, offset) },
    hint: 'Close the string with the quote it was opened with (a triple quote for a multi-line string).',
  });
}
