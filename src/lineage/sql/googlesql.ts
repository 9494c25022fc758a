/**
 * GoogleSQL spelled so that DuckDB's parser reads the same query, for column lineage only: the
 * result is parsed, never run. Only lexical differences are rewritten, each to what means the
 * same to a reader of names:
 *
 * - `` `project`.`dataset`.`table` `` and `` `col` `` become `"project"."dataset"."table"` and
 *   `"col"` (a backtick path right after FROM or JOIN, `` `p.d.t` ``, is split at its dots, as
 *   BigQuery splits it);
 * - string literals (`'…'`, `"…"`, triple-quoted, raw `r'…'`, bytes `b'…'`) become DuckDB's
 *   `'…'` (a GoogleSQL `"…"` is a string, where DuckDB would read a name);
 * - `#` comments become `--` comments;
 * - a bare date part as the last argument of GoogleSQL's date functions
 *   (`datetime_diff(a, b, second)`) becomes a string, so it is not read as a column;
 * - `* EXCEPT (…)` becomes DuckDB's `* EXCLUDE (…)`;
 * - `INTERVAL <expression> <part>` gets parentheses around the expression (`INTERVAL -3 DAY`
 *   → `INTERVAL (-3) DAY`), the form DuckDB reads for any expression.
 *
 * Anything else is left as written: a construct DuckDB's grammar lacks (`STRUCT<…>` types, …)
 * fails to parse, and the caller records that lineage as failed rather than guessing.
 */
export function googleSqlForDuckDbParser(sql: string): string {
  const tokens = tokenize(sql);
  const out: string[] = [];
  const calls: (string | undefined)[] = [];
  let previous: Token | undefined; // the previous token that is not blank or a comment
  const closeBefore = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (closeBefore.has(i)) out.push(')');
    switch (token.kind) {
      case 'blank':
        out.push(token.text);
        continue;
      case 'comment':
        out.push(token.text.startsWith('#') ? `--${token.text.slice(1)}` : token.text);
        continue;
      case 'string':
        out.push(duckDbString(token.value));
        break;
      case 'quoted': {
        const splits =
          token.value.includes('.') && previous?.kind === 'word' && /^(from|join)$/i.test(previous.text);
        out.push((splits ? token.value.split('.') : [token.value]).map(duckDbName).join('.'));
        break;
      }
      case 'word': {
        const next = nextSignificant(tokens, i);
        const lower = token.text.toLowerCase();
        if (
          DATE_PARTS.has(lower) &&
          previous?.text === ',' &&
          next?.text === ')' &&
          DATE_PART_FUNCTIONS.has(calls.at(-1) ?? '')
        )
          out.push(`'${lower}'`);
        else if (lower === 'except' && previous?.text === '*' && next?.text === '(') out.push('EXCLUDE');
        else if (lower === 'interval' && next?.kind !== 'string' && intervalPart(tokens, i) !== undefined) {
          closeBefore.add(intervalPart(tokens, i)!);
          out.push(`${token.text} (`);
        } else out.push(token.text);
        break;
      }
      default:
        if (token.text === '(')
          calls.push(previous?.kind === 'word' ? previous.text.toLowerCase() : undefined);
        if (token.text === ')') calls.pop();
        out.push(token.text);
    }
    previous = token;
  }
  return out.join('');
}

/** GoogleSQL's date functions whose last argument may be a bare date part. */
const DATE_PART_FUNCTIONS: ReadonlySet<string> = new Set([
  'date_diff',
  'datetime_diff',
  'timestamp_diff',
  'time_diff',
  'date_trunc',
  'datetime_trunc',
  'timestamp_trunc',
  'time_trunc',
  'last_day',
]);

const DATE_PARTS: ReadonlySet<string> = new Set([
  'microsecond',
  'millisecond',
  'second',
  'minute',
  'hour',
  'day',
  'dayofweek',
  'dayofyear',
  'week',
  'isoweek',
  'month',
  'quarter',
  'year',
  'isoyear',
]);

type Token =
  | { readonly kind: 'blank' | 'comment' | 'word' | 'other'; readonly text: string }
  | { readonly kind: 'string' | 'quoted'; readonly text: string; readonly value: string };

function nextSignificant(tokens: readonly Token[], i: number): Token | undefined {
  for (let j = i + 1; j < tokens.length; j++) {
    const kind = tokens[j]!.kind;
    if (kind !== 'blank' && kind !== 'comment') return tokens[j];
  }
  return undefined;
}

/** The index of the date part that ends `INTERVAL <expression> <part>`, outside any parentheses. */
function intervalPart(tokens: readonly Token[], i: number): number | undefined {
  let depth = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    const token = tokens[j]!;
    if (token.text === '(') depth++;
    else if (token.text === ')') {
      if (--depth < 0) return undefined;
    } else if (depth === 0 && token.kind === 'word' && j > i + 2 && DATE_PARTS.has(token.text.toLowerCase()))
      return j;
    else if (depth === 0 && (token.text === ',' || token.text === ';')) return undefined;
  }
  return undefined;
}

function duckDbString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function duckDbName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** GoogleSQL's lexical structure: comments, strings with their prefixes, quoted names, words. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const start = i;
    const c = sql[i]!;
    if (/\s/.test(c)) {
      while (i < sql.length && /\s/.test(sql[i]!)) i++;
      tokens.push({ kind: 'blank', text: sql.slice(start, i) });
    } else if (c === '#' || (c === '-' && sql[i + 1] === '-')) {
      while (i < sql.length && sql[i] !== '\n') i++;
      tokens.push({ kind: 'comment', text: sql.slice(start, i) });
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      tokens.push({ kind: 'comment', text: sql.slice(start, i) });
    } else if (c === '`') {
      const { value, end } = readQuoted(sql, i, '`', false);
      i = end;
      tokens.push({ kind: 'quoted', text: sql.slice(start, i), value });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < sql.length && /\w/.test(sql[i]!)) i++;
      const word = sql.slice(start, i);
      if (/^(r|b|rb|br)$/i.test(word) && (sql[i] === "'" || sql[i] === '"')) {
        const { value, end } = readQuoted(sql, i, sql[i]!, /r/i.test(word));
        i = end;
        tokens.push({ kind: 'string', text: sql.slice(start, i), value });
      } else tokens.push({ kind: 'word', text: word });
    } else if (c === "'" || c === '"') {
      const { value, end } = readQuoted(sql, i, c, false);
      i = end;
      tokens.push({ kind: 'string', text: sql.slice(start, i), value });
    } else if (/\d/.test(c)) {
      while (i < sql.length && /[\w.]/.test(sql[i]!)) i++;
      tokens.push({ kind: 'other', text: sql.slice(start, i) });
    } else {
      i++;
      tokens.push({ kind: 'other', text: c });
    }
  }
  return tokens;
}

/**
 * A quoted string or name starting at `start` (triple quotes too): its value and where it ends.
 * Backslash escapes apply unless raw; an unterminated one runs to the end (DuckDB then reports it).
 */
function readQuoted(sql: string, start: number, quote: string, raw: boolean): { value: string; end: number } {
  const triple = quote !== '`' && sql.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  let i = start + close.length;
  let value = '';
  while (i < sql.length) {
    if (sql.startsWith(close, i)) return { value, end: i + close.length };
    const c = sql[i]!;
    if (c === '\\' && i + 1 < sql.length) {
      const next = sql[i + 1]!;
      value += raw ? c + next : (ESCAPES[next] ?? next);
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return { value, end: i };
}
