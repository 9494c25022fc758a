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
    // A malformed tag must reach the engine, which reports the syntax error at parse time.
    if (!balanced(segment.body)) return undefined;
    if (segment.kind === 'statement' && !trackBlocks(segment.body, stack)) return undefined;
    if (!collectCalls(text, segment, stack, graphMacros, capture)) return undefined;
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

function collectCalls(
  text: string,
  segment: JinjaSegment,
  stack: readonly string[],
  graphMacros: ReadonlySet<string>,
  capture: { refs: StaticCall[]; sources: StaticCall[]; configs: StaticCall[] },
): boolean {
  const code = blankStrings(segment.body);
  const identifier = /(\.\s*)?\b([A-Za-z_]\w*)\b(\s*\()?/g;
  for (let m = identifier.exec(code); m !== null; m = identifier.exec(code)) {
    const [, dot, name, paren] = m;
    if (dot !== undefined || name === undefined) continue;
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

/** Replaces the contents of string literals with spaces, keeping offsets. */
function blankStrings(code: string): string {
  return code.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (s) => s[0] + ' '.repeat(s.length - 2) + s[0]);
}

/** Brackets and quotes of a tag body pair up (a cheap stand-in for a full parse). */
function balanced(body: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const code = blankStrings(body);
  if ((code.match(/'/g)?.length ?? 0) % 2 === 1 || (code.match(/"/g)?.length ?? 0) % 2 === 1) return false;
  for (const ch of code) {
    if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}
