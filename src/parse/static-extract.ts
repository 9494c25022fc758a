import { type JinjaSegment, scanJinja } from '../template/jinja-scan.js';
import { parseLiteralArgs } from './literal-args.js';

/**
 * The dependency-relevant calls of a template found without running the template engine.
 * dbt calls this its static parser: most models only call `ref`, `source` and `config` with
 * literal arguments, and for those the calls can be read off the text, which is an order of
 * magnitude faster than rendering.
 */
export interface StaticCall {
  readonly positional: readonly unknown[];
  readonly keywords: Readonly<Record<string, unknown>>;
  /** 0-based offset of the function name in the template. */
  readonly offset: number;
}

export interface StaticCapture {
  readonly refs: readonly StaticCall[];
  readonly sources: readonly StaticCall[];
  readonly configs: readonly StaticCall[];
}

const GRAPH_FUNCTIONS = new Set(['ref', 'source', 'config']);
/** Tags whose effect on the graph calls cannot be known without evaluating them. */
const OPAQUE_TAGS = new Set(['include', 'import', 'from', 'extends', 'block']);
/** Tags under which a graph call is conditional or deferred: the engine must decide. */
const CONDITIONAL_TAGS = new Set(['if', 'macro', 'call', 'filter']);
const BLOCK_ENDS: Record<string, string> = {
  endif: 'if',
  endfor: 'for',
  endmacro: 'macro',
  endcall: 'call',
  endfilter: 'filter',
  endset: 'set',
};

/**
 * Returns the captured calls, or undefined when the template needs the real engine:
 * a graph call with non-literal arguments, inside a condition or macro, a call to a macro that
 * itself uses `ref`/`source`/`config` (`graphMacros`), or a tag such as `include`.
 */
export function extractStatically(text: string, graphMacros: ReadonlySet<string>): StaticCapture | undefined {
  const segments = scanJinja(text);
  if (segments === undefined) return undefined;
  const capture = { refs: [] as StaticCall[], sources: [] as StaticCall[], configs: [] as StaticCall[] };
  const stack: string[] = [];
  for (const segment of segments) {
    if (segment.kind === 'comment') continue;
    const code = blankStrings(segment.body);
    // A malformed tag must reach the engine, which reports the syntax error at parse time.
    if (!balanced(code)) return undefined;
    if (segment.kind === 'statement' && !trackBlocks(segment.body, stack)) return undefined;
    if (!collectCalls(text, segment, code, stack, graphMacros, capture)) return undefined;
  }
  return stack.length === 0 ? capture : undefined;
}

/** Maintains the open-block stack; false for tags the static path cannot reason about. */
function trackBlocks(body: string, stack: string[]): boolean {
  const tag = /^\s*(\w+)/.exec(body)?.[1] ?? '';
  if (OPAQUE_TAGS.has(tag)) return false;
  const opens = BLOCK_ENDS[tag];
  if (opens !== undefined) {
    if (stack.pop() !== opens) return false;
  } else if (tag === 'set') {
    if (!body.includes('=')) stack.push('set');
    if (/^\s*set\s+(ref|source|config)\b/.test(body)) return false;
  } else if (['if', 'for', 'macro', 'call', 'filter'].includes(tag)) {
    stack.push(tag);
  }
  return true;
}

/** Identifiers of a tag body, with a `.` before them (attribute access) or a `(` after (a call). */
const IDENTIFIER = /(\.\s*)?\b([A-Za-z_]\w*)\b(\s*\()?/g;

/** `code` is the segment's body with its string literals blanked. */
function collectCalls(
  text: string,
  segment: JinjaSegment,
  code: string,
  stack: readonly string[],
  graphMacros: ReadonlySet<string>,
  capture: { refs: StaticCall[]; sources: StaticCall[]; configs: StaticCall[] },
): boolean {
  // Most tags name none of the graph functions: without graph macros to look for, skip them.
  if (graphMacros.size === 0 && !mentionsGraphFunction(code)) return true;
  const identifier = IDENTIFIER;
  identifier.lastIndex = 0;
  let previous: { name: string; end: number } | undefined;
  for (let m = identifier.exec(code); m !== null; m = identifier.exec(code)) {
    const [, dot, name, paren] = m;
    if (name === undefined) continue;
    const qualifier = previous?.end === m.index ? previous.name : undefined;
    previous = { name: qualifier === undefined ? name : `${qualifier}.${name}`, end: m.index + m[0].length };
    // `package.macro(…)`: a package's macro that adds dependencies needs the engine too.
    if (dot !== undefined) {
      if (qualifier !== undefined && paren !== undefined && graphMacros.has(previous.name)) return false;
      continue;
    }
    if (graphMacros.has(name)) return false;
    if (!GRAPH_FUNCTIONS.has(name)) continue;
    // `config.get(...)` reads config; it adds no dependency and needs no capture.
    if (name === 'config' && paren === undefined && code[m.index + name.length] === '.') continue;
    if (paren === undefined || stack.some((tag) => CONDITIONAL_TAGS.has(tag))) return false;
    const argsStart = segment.bodyOffset + m.index + m[0].length;
    const args = parseLiteralArgs(text, argsStart);
    if (args === undefined) return false;
    const call = {
      positional: args.positional,
      keywords: args.keywords,
      offset: segment.bodyOffset + m.index,
    };
    if (name === 'ref') capture.refs.push(call);
    else if (name === 'source') capture.sources.push(call);
    else capture.configs.push(call);
    identifier.lastIndex = args.end - segment.bodyOffset;
  }
  return true;
}

function mentionsGraphFunction(code: string): boolean {
  return code.includes('ref') || code.includes('source') || code.includes('config');
}

const QUOTED = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g;

/**
 * Replaces the contents of string literals with spaces, keeping offsets. Most tag bodies have
 * no string, or only plain ones, so a character loop answers without building a string per
 * literal; anything unusual (an escape before a line break, an unclosed quote) takes the regex.
 */
export function blankStrings(code: string): string {
  let quote = code.indexOf("'");
  const double = code.indexOf('"');
  if (quote === -1 || (double !== -1 && double < quote)) quote = double;
  if (quote === -1) return code;
  let out = '';
  let copied = 0;
  for (let i = quote; i < code.length; i++) {
    const q = code.charCodeAt(i);
    if (q !== 39 && q !== 34) continue;
    const end = closingQuote(code, i, q);
    if (end === -1) return code.replace(QUOTED, (s) => s[0] + ' '.repeat(s.length - 2) + s[0]);
    out += code.slice(copied, i + 1) + ' '.repeat(end - i - 1);
    copied = end;
    i = end;
  }
  return out + code.slice(copied);
}

/** Offset of the quote closing the literal opened at `start`, or -1 when the regex must decide. */
function closingQuote(code: string, start: number, quote: number): number {
  for (let j = start + 1; j < code.length; j++) {
    const c = code.charCodeAt(j);
    if (c === quote) return j;
    if (c === 92 /* \\ */) {
      const next = code.charCodeAt(j + 1);
      // `.` in the regex does not match line terminators (or nothing at the end).
      if (Number.isNaN(next) || next === 10 || next === 13 || next === 0x2028 || next === 0x2029) return -1;
      j++;
    }
  }
  return -1;
}

/** Brackets and quotes of a tag body (strings blanked) pair up: a cheap stand-in for a full parse. */
function balanced(code: string): boolean {
  const open: number[] = [];
  let singles = 0;
  let doubles = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 39) singles++;
    else if (c === 34) doubles++;
    else if (c === 40 || c === 91 || c === 123) open.push(c);
    else if (c === 41 || c === 93 || c === 125) {
      const expected = c === 41 ? 40 : c - 2; // `)`→`(`, `]`→`[`, `}`→`{`
      if (open.pop() !== expected) return false;
    }
  }
  return singles % 2 === 0 && doubles % 2 === 0 && open.length === 0;
}
