import { PyError } from '../python/py-errors.js';
import { PyTuple } from '../python/py-types.js';
import { splitArgs } from '../split-args.js';

const FLAGS = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, A: 256, ASCII: 256 } as const;

/** Python regex syntax to JavaScript: named groups, `\A`/`\Z`, inline flags at the start. */
function toRegExp(pattern: unknown, flags: unknown, global: boolean): RegExp {
  if (pattern instanceof PyPattern)
    return new RegExp(pattern.re.source, pattern.re.flags.replace('g', '') + (global ? 'g' : ''));
  let source = String(pattern);
  let js = '';
  const bits = Number(flags ?? 0);
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if ('ims'.includes(f)) js += f;
  }
  if (bits & FLAGS.I && !js.includes('i')) js += 'i';
  if (bits & FLAGS.M && !js.includes('m')) js += 'm';
  if (bits & FLAGS.S && !js.includes('s')) js += 's';
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  try {
    return new RegExp(source, js + (global ? 'g' : ''));
  } catch (error) {
    throw new PyError(
      'ValueError',
      `invalid regular expression '${String(pattern)}': ${(error as Error).message}`,
    );
  }
}

/** Python's match object. */
export class PyMatch {
  constructor(private readonly m: RegExpExecArray) {}

  group(...which: unknown[]): unknown {
    const one = (g: unknown) =>
      typeof g === 'string' ? (this.m.groups?.[g] ?? null) : (this.m[Number(g ?? 0)] ?? null);
    return which.length <= 1 ? one(which[0]) : PyTuple.make(which.map(one));
  }
  groups(fallback: unknown = null): PyTuple {
    return PyTuple.make(this.m.slice(1).map((g) => g ?? fallback));
  }
  groupdict(fallback: unknown = null): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.m.groups ?? {}).map(([k, v]) => [k, v ?? fallback]));
  }
  start(): number {
    return this.m.index;
  }
  end(): number {
    return this.m.index + this.m[0].length;
  }
  span(): PyTuple {
    return PyTuple.of(this.start(), this.end());
  }
  get string(): string {
    return this.m.input;
  }
  toString(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match='${this.m[0]}'>`;
  }
}

/** Python's `\1`, `\g<1>`, `\g<name>` in replacements, as JavaScript's `$1` / `$<name>`. */
function replacement(template: string): string {
  return template
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\d+)>|\\(\d+)/g, (_m, a: string | undefined, b: string | undefined) => `$${a ?? b}`)
    .replace(/\\g<(\w+)>/g, '$<$1>')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\\\/g, '\\');
}

function findall(re: RegExp, text: string): unknown[] {
  return [...text.matchAll(re)].map((m) =>
    m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : PyTuple.make(m.slice(1).map((g) => g ?? '')),
  );
}

function sub(re: RegExp, repl: unknown, text: string, count: number): string {
  let done = 0;
  return text.replace(re, (...args: unknown[]) => {
    const whole = args[0] as string;
    if (count > 0 && done >= count) return whole;
    done++;
    if (typeof repl === 'function') {
      const offset = args.findIndex((a) => typeof a === 'number');
      const m = Object.assign(args.slice(0, offset) as string[], {
        index: args[offset] as number,
        input: text,
      }) as unknown as RegExpExecArray;
      return String(repl(new PyMatch(m)));
    }
    return whole.replace(new RegExp(re.source, re.flags.replace('g', '')), replacement(String(repl)));
  });
}

function split(re: RegExp, text: string, maxsplit: number): string[] {
  const out: string[] = [];
  let last = 0;
  let splits = 0;
  for (const m of text.matchAll(re)) {
    if (maxsplit > 0 && splits >= maxsplit) break;
    out.push(text.slice(last, m.index), ...m.slice(1).map((g) => g ?? ''));
    last = m.index + m[0].length;
    splits++;
  }
  out.push(text.slice(last));
  return out;
}

const arg = (args: unknown[], index: number, name: string) => {
  const { positional, keywords } = splitArgs(args);
  return positional[index] ?? keywords[name];
};

/** A compiled pattern (`re.compile`), with the module's functions as methods. */
export class PyPattern {
  constructor(
    readonly re: RegExp,
    readonly pattern: string,
  ) {}
  match(text: unknown): PyMatch | null {
    return matchAt(this.re, String(text), 'start');
  }
  search(text: unknown): PyMatch | null {
    return matchAt(this.re, String(text), 'any');
  }
  fullmatch(text: unknown): PyMatch | null {
    return matchAt(this.re, String(text), 'full');
  }
  findall(text: unknown): unknown[] {
    return findall(toRegExp(this, 0, true), String(text));
  }
  sub(repl: unknown, text: unknown, ...rest: unknown[]): string {
    return sub(toRegExp(this, 0, true), repl, String(text), Number(arg(rest, 0, 'count') ?? 0));
  }
  split(text: unknown, ...rest: unknown[]): string[] {
    return split(toRegExp(this, 0, true), String(text), Number(arg(rest, 0, 'maxsplit') ?? 0));
  }
}

function matchAt(re: RegExp, text: string, where: 'start' | 'any' | 'full'): PyMatch | null {
  const anchored =
    where === 'any'
      ? re
      : new RegExp(where === 'full' ? `^(?:${re.source})$` : `^(?:${re.source})`, re.flags.replace('g', ''));
  const m = anchored.exec(text);
  return m ? new PyMatch(m) : null;
}

/** Python's `re` module on JavaScript regular expressions (the syntax both share). */
export function reModule() {
  return {
    ...FLAGS,
    compile: (pattern: unknown, flags?: unknown) =>
      new PyPattern(toRegExp(pattern, flags, false), String(pattern)),
    match: (pattern: unknown, text: unknown, flags?: unknown) =>
      matchAt(toRegExp(pattern, flags, false), String(text), 'start'),
    search: (pattern: unknown, text: unknown, flags?: unknown) =>
      matchAt(toRegExp(pattern, flags, false), String(text), 'any'),
    fullmatch: (pattern: unknown, text: unknown, flags?: unknown) =>
      matchAt(toRegExp(pattern, flags, false), String(text), 'full'),
    findall: (pattern: unknown, text: unknown, flags?: unknown) =>
      findall(toRegExp(pattern, flags, true), String(text)),
    sub: (pattern: unknown, repl: unknown, text: unknown, ...rest: unknown[]) =>
      sub(
        toRegExp(pattern, arg(rest, 1, 'flags'), true),
        repl,
        String(text),
        Number(arg(rest, 0, 'count') ?? 0),
      ),
    split: (pattern: unknown, text: unknown, ...rest: unknown[]) =>
      split(
        toRegExp(pattern, arg(rest, 1, 'flags'), true),
        String(text),
        Number(arg(rest, 0, 'maxsplit') ?? 0),
      ),
    escape: (text: unknown) => String(text).replace(/[.*+?^${}()|[\]\\\-/#&~ ]/g, '\\$&'),
  };
}
