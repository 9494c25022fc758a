import { offsetToLineCol, type Span } from '../errors/index.js';
import type { RefCall, SourceCall } from '../model/node.js';
import { extractStatically, type StaticCall } from './static-extract.js';

/** What the capture pass learns from a SQL template: its dependencies and in-file config. */
export interface CapturedCalls {
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  readonly configs: readonly { readonly values: Readonly<Record<string, unknown>>; readonly span: Span }[];
  /** True when the template engine had to run (no static fast path). */
  readonly rendered: boolean;
}

/** A call recorded while the engine renders with the capture context. */
export interface RecordedCall {
  readonly positional: readonly unknown[];
  readonly keywords: Readonly<Record<string, unknown>>;
}

export interface CaptureRecorder {
  readonly refs: RecordedCall[];
  readonly sources: RecordedCall[];
  readonly configs: RecordedCall[];
}

/**
 * Runs the static extractor, and only when it cannot decide, `render` (the template engine with
 * a capture context that fills `recorder`). Spans of engine-recorded calls are found by searching
 * the text for the call, since the engine does not report where a function was called from.
 */
export function captureCalls(
  file: string,
  text: string,
  graphMacros: ReadonlySet<string>,
  render: (recorder: CaptureRecorder) => void,
  origin?: TextOrigin,
): CapturedCalls {
  const spanAt = (offset: number) => shiftedSpan(file, text, offset, origin);
  const fast = extractStatically(text, graphMacros);
  if (fast) {
    return {
      refs: fast.refs.map((call) => toRef(call.positional, call.keywords, spanAt(call.offset))),
      sources: fast.sources.map((call) => toSource(call.positional, spanAt(call.offset))),
      configs: fast.configs.map((call) => toConfig(call, spanAt(call.offset))),
      rendered: false,
    };
  }
  const recorder: CaptureRecorder = { refs: [], sources: [], configs: [] };
  render(recorder);
  return {
    refs: recorder.refs.map((c) =>
      toRef(c.positional, c.keywords, spanAt(locate(text, 'ref', c.positional))),
    ),
    sources: recorder.sources.map((c) =>
      toSource(c.positional, spanAt(locate(text, 'source', c.positional))),
    ),
    configs: recorder.configs.map((c) => ({
      values: configValues(c),
      span: spanAt(locate(text, 'config', [])),
    })),
    rendered: true,
  };
}

export function toRef(
  positional: readonly unknown[],
  keywords: Readonly<Record<string, unknown>>,
  span: Span,
): RefCall {
  const [first, second] = positional.map((value) => String(value));
  const version = keywords['v'] ?? keywords['version'];
  const name = second ?? first ?? '';
  return {
    name,
    ...(second !== undefined ? { package: first } : {}),
    ...(version !== undefined && version !== null ? { version: String(version) } : {}),
    span,
  };
}

export function toSource(positional: readonly unknown[], span: Span): SourceCall {
  return { source: String(positional[0] ?? ''), table: String(positional[1] ?? ''), span };
}

function toConfig(call: StaticCall, span: Span) {
  return { values: configValues(call), span };
}

/** `config({'a': 1})` and `config(a=1)` are the same call in dbt. */
export function configValues(call: RecordedCall): Record<string, unknown> {
  const dict = call.positional[0];
  const fromDict = dict !== null && typeof dict === 'object' && !Array.isArray(dict) ? dict : {};
  return { ...(fromDict as Record<string, unknown>), ...call.keywords };
}

/** Where a template's text starts in its file, when it is a block inside it (1-based). */
export interface TextOrigin {
  readonly line: number;
  readonly col: number;
}

/** The file position of `offset` in `text`, which starts at `origin` in the file. */
function shiftedSpan(file: string, text: string, offset: number, origin: TextOrigin | undefined): Span {
  const { line, col } = offsetToLineCol(text, offset);
  if (!origin) return { file, line, col };
  return { file, line: origin.line + line - 1, col: line === 1 ? origin.col + col - 1 : col };
}

/** The offset of the call of `fn` whose last argument is the given one (the first call otherwise). */
function locate(text: string, fn: string, positional: readonly unknown[]): number {
  const last = positional.length > 0 ? escapeRegExp(String(positional[positional.length - 1])) : '';
  const pattern = new RegExp(`\\b${fn}\\s*\\([^)]*?${last ? `['"]${last}['"]` : ''}`);
  const match = pattern.exec(text) ?? new RegExp(`\\b${fn}\\s*\\(`).exec(text);
  return match?.index ?? 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
