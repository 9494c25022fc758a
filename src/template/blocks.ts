import { LdpError, offsetToLineCol, type Span } from '../errors/index.js';
import { scanJinja } from './jinja-scan.js';

export type BlockKind = 'macro' | 'test' | 'docs' | 'snapshot' | 'materialization';

/** A top-level `{% kind name(args) %}…{% endkind %}` block of a file. */
export interface TemplateBlock {
  readonly kind: BlockKind;
  readonly name: string;
  /**
   * Parameter names for macros and tests (`model`, `column_name`…); for materializations the
   * options after the name as written (`adapter='duckdb'`, `default`); empty otherwise.
   */
  readonly args: readonly string[];
  readonly body: string;
  /** Where the opening tag is. */
  readonly span: Span;
  /** Where the body starts: pass it as the `line`/`col` of a render of `body`. */
  readonly bodySpan: Span;
  /** 0-based offsets of the whole block (tags included) and of the body. */
  readonly start: number;
  readonly end: number;
  readonly bodyStart: number;
}

const KINDS: ReadonlySet<string> = new Set(['macro', 'test', 'docs', 'snapshot', 'materialization']);

/**
 * Finds the top-level blocks of a file without rendering it: macros, generic tests, docs,
 * snapshots, materializations. An unclosed block is an error at its opening tag.
 */
export function extractBlocks(path: string, text: string): TemplateBlock[] {
  const segments = scanJinja(text) ?? [];
  const blocks: TemplateBlock[] = [];
  let open:
    | { kind: BlockKind; name: string; args: string[]; start: number; bodyStart: number; depth: number }
    | undefined;
  for (const segment of segments) {
    if (segment.kind !== 'statement') continue;
    const tag = /^\s*(\w+)\s*([\s\S]*?)\s*$/.exec(segment.body);
    if (!tag) continue;
    const [, word, rest] = tag as unknown as [string, string, string];
    const tagEnd = text.indexOf('%}', segment.bodyOffset) + 2;
    if (open === undefined) {
      if (!KINDS.has(word)) continue;
      const header = /^([A-Za-z_][\w]*)\s*(?:\(([\s\S]*)\)|,([\s\S]*))?\s*$/.exec(rest);
      if (!header) throw blockError(path, text, segment.offset, `'{% ${word} %}' needs a name`);
      open = {
        kind: word as BlockKind,
        name: header[1]!,
        args:
          header[3] === undefined ? argNames(header[2]) : splitTopLevel(header[3]).map((part) => part.trim()),
        start: segment.offset,
        bodyStart: tagEnd,
        depth: 0,
      };
      continue;
    }
    if (word === open.kind) open.depth++;
    else if (word === `end${open.kind}`) {
      if (open.depth > 0) {
        open.depth--;
        continue;
      }
      blocks.push({
        kind: open.kind,
        name: open.name,
        args: open.args,
        body: text.slice(open.bodyStart, segment.offset),
        span: { file: path, ...offsetToLineCol(text, open.start) },
        bodySpan: { file: path, ...offsetToLineCol(text, open.bodyStart) },
        start: open.start,
        end: tagEnd,
        bodyStart: open.bodyStart,
      });
      open = undefined;
    }
  }
  if (open)
    throw blockError(
      path,
      text,
      open.start,
      `'{% ${open.kind} ${open.name} %}' is never closed`,
      `Add {% end${open.kind} %}.`,
    );
  return blocks;
}

/**
 * The text the engine compiles for a macro file: `{% test x() %}` blocks become macros named
 * `test_x` (as dbt does), and docs/materialization blocks are blanked. Line numbers are kept so
 * errors point at the right line of the original file.
 */
export function macroFileSource(path: string, text: string): string {
  let out = '';
  let last = 0;
  for (const block of extractBlocks(path, text)) {
    if (block.kind === 'macro') continue;
    out += text.slice(last, block.start);
    if (block.kind === 'test') {
      const opening = text
        .slice(block.start, block.bodyStart)
        .replace(/\btest\s+([A-Za-z_])/, 'macro test_$1');
      const closing = text
        .slice(block.bodyStart + block.body.length, block.end)
        .replace('endtest', 'endmacro');
      out += opening + block.body + closing;
    } else {
      out += blankKeepingLines(text.slice(block.start, block.end));
    }
    last = block.end;
  }
  return out + text.slice(last);
}

function blankKeepingLines(text: string): string {
  return text.replace(/[^\n]/g, '');
}

/** Splits on commas outside brackets and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.filter((part) => part.trim().length > 0);
}

function argNames(args: string | undefined): string[] {
  if (!args) return [];
  return splitTopLevel(args).map((part) => part.split('=')[0]!.trim());
}

function blockError(path: string, text: string, offset: number, message: string, hint?: string): LdpError {
  return new LdpError({
    code: 'LDP201',
    message,
    span: { file: path, ...offsetToLineCol(text, offset) },
    source: text,
    hint: hint ?? 'Check the block tag.',
  });
}
