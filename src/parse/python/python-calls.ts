import { LdpError, offsetToLineCol, type Span } from '../../errors/index.js';
import type { RecordedCall } from '../capture.js';
import { type PythonToken, tokenizePython } from './python-tokens.js';

/** A `dbt.ref(…)`, `dbt.source(…)` or `dbt.config(…)` call of a Python model, with literal arguments. */
export interface PythonCall extends RecordedCall {
  readonly span: Span;
}

export interface PythonModelCalls {
  readonly refs: readonly PythonCall[];
  readonly sources: readonly PythonCall[];
  readonly configs: readonly PythonCall[];
}

type CallName = 'ref' | 'source' | 'config';
const CALLS = new Set<string>(['ref', 'source', 'config']);

/**
 * Reads a Python model's graph calls as dbt does, without running Python: every `dbt.ref`,
 * `dbt.source` and `dbt.config` call, whose arguments must be literals (strings, numbers,
 * `True`/`False`/`None`, and lists, tuples and dicts of them). A call with any other argument is
 * an error at that argument, as is a file without `def model(dbt, session)`.
 */
export function readPythonModelCalls(file: string, text: string): PythonModelCalls {
  const tokens = tokenizePython(file, text);
  const spanAt = (token: PythonToken | undefined) => ({
    file,
    ...offsetToLineCol(text, token?.offset ?? text.length),
  });
  if (!definesModel(tokens)) throw noModelFunction(file);
  const found: Record<CallName, PythonCall[]> = { ref: [], source: [], config: [] };
  for (let i = 0; i < tokens.length; i++) {
    const call = callAt(tokens, i);
    if (!call) continue;
    const reader = new ArgumentReader(tokens, i + 4, call, spanAt);
    found[call].push({ ...reader.readArguments(), span: spanAt(tokens[i]) });
  }
  return { refs: found.ref, sources: found.source, configs: found.config };
}

function definesModel(tokens: readonly PythonToken[]): boolean {
  return tokens.some(
    (token, i) =>
      token.kind === 'name' &&
      token.text === 'def' &&
      tokens[i + 1]?.text === 'model' &&
      tokens[i + 2]?.text === '(',
  );
}

/** `dbt . ref (` at `i` (not `x.dbt.ref(`): which call, else undefined. */
function callAt(tokens: readonly PythonToken[], i: number): CallName | undefined {
  const [dbt, dot, name, open] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]];
  if (dbt?.kind !== 'name' || dbt.text !== 'dbt' || tokens[i - 1]?.text === '.') return undefined;
  if (dot?.text !== '.' || name?.kind !== 'name' || !CALLS.has(name.text) || open?.text !== '(')
    return undefined;
  return name.text as CallName;
}

/** Reads the literal arguments of one call, from the token after its `(` to its `)`. */
class ArgumentReader {
  private at: number;

  constructor(
    private readonly tokens: readonly PythonToken[],
    start: number,
    private readonly call: CallName,
    private readonly spanAt: (token: PythonToken | undefined) => Span,
  ) {
    this.at = start;
  }

  readArguments(): RecordedCall {
    const positional: unknown[] = [];
    const keywords: Record<string, unknown> = {};
    while (this.peek()?.text !== ')') {
      const token = this.peek();
      if (token?.kind === 'name' && this.tokens[this.at + 1]?.text === '=') {
        this.at += 2;
        keywords[token.text] = this.literal();
      } else positional.push(this.literal());
      if (this.peek()?.text === ',') this.at++;
      else if (this.peek()?.text !== ')') throw this.notLiteral();
    }
    return { positional, keywords };
  }

  private literal(): unknown {
    const token = this.peek();
    if (token?.kind === 'string' && token.value !== undefined) return this.strings();
    if (token?.kind === 'number' && !Number.isNaN(token.value)) return this.next(token.value);
    if (token?.kind === 'op' && token.text === '-' && this.tokens[this.at + 1]?.kind === 'number') {
      this.at++;
      return -(this.literal() as number);
    }
    if (token?.kind === 'name' && token.text in CONSTANTS) return this.next(CONSTANTS[token.text]);
    if (token?.text === '[' || token?.text === '(') return this.sequence(token.text === '[' ? ']' : ')');
    if (token?.text === '{') return this.dict();
    throw this.notLiteral();
  }

  /** Adjacent literals are one string in Python: `"a" "b"` is `"ab"`. */
  private strings(): string {
    let value = '';
    for (let token = this.peek(); token?.kind === 'string'; token = this.peek()) {
      if (token.value === undefined) throw this.notLiteral();
      value += token.value;
      this.at++;
    }
    return value;
  }

  private sequence(close: string): unknown[] {
    this.at++;
    const items: unknown[] = [];
    while (this.peek()?.text !== close) {
      items.push(this.literal());
      if (this.peek()?.text === ',') this.at++;
      else if (this.peek()?.text !== close) throw this.notLiteral();
    }
    this.at++;
    return items;
  }

  private dict(): Record<string, unknown> {
    this.at++;
    const dict: Record<string, unknown> = {};
    while (this.peek()?.text !== '}') {
      const key = this.literal();
      if (this.peek()?.text !== ':') throw this.notLiteral();
      this.at++;
      dict[String(key)] = this.literal();
      if (this.peek()?.text === ',') this.at++;
      else if (this.peek()?.text !== '}') throw this.notLiteral();
    }
    this.at++;
    return dict;
  }

  private peek(): PythonToken | undefined {
    return this.tokens[this.at];
  }

  private next<T>(value: T): T {
    this.at++;
    return value;
  }

  private notLiteral(): LdpError {
    const token = this.peek();
    return new LdpError({
      code: 'LDP121',
      message: token
        ? `dbt.${this.call}() in a Python model has an argument that is not a literal, at '${token.text}'`
        : `dbt.${this.call}() in a Python model is not closed`,
      span: this.spanAt(token),
      hint: `Python models are read without running them, as dbt reads them: write each argument of dbt.${this.call}() as a literal string, number, True/False/None, or a list or dict of those.`,
    });
  }
}

const CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null };

function noModelFunction(file: string): LdpError {
  return new LdpError({
    code: 'LDP124',
    message: 'Python model has no model function',
    span: { file, line: 1, col: 1 },
    hint: 'A Python model defines `def model(dbt, session):` and returns a DataFrame.',
  });
}
