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
): CapturedCalls {
  const fast = extractStatically(text, graphMacros);
  if (fast) {
    return {
      refs: fast.refs.map((call) => toRef(call.positional, call.keywords, spanAt(file, text, call.offset))),
      sources: fast.sources.map((call) => toSource(call.positional, spanAt(file, text, call.offset))),
      configs: fast.configs.map((call) => toConfig(call, spanAt(file, text, call.offset))),
      rendered: false,
    };
  }
  const recorder: CaptureRecorder = { refs: [], sources: [], configs: [] };
  render(recorder);
  return {
    refs: recorder.refs.map((c) => toRef(c.positional, c.keywords, locate(file, text, 'ref', c.positional))),
    sources: recorder.sources.map((c) => toSource(c.positional, locate(file, text, 'source', c.positional))),
    configs: recorder.configs.map((c) => ({
      values: configValues(c),
      span: locate(file, text, 'config', []),
    })),
    rendered: true,
  };
}

function toRef(
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

function toSource(positional: readonly unknown[], span: Span): SourceCall {
  return { source: String(positional[0] ?? ''), table: String(positional[1] ?? ''), span };
}

function toConfig(call: StaticCall, span: Span) {
  return { values: configValues(call), span };
}

/** `config({'a': 1})` and `config(a=1)` are the same call in dbt. */
function configValues(call: RecordedCall): Record<string, unknown> {
  const dict = call.positional[0];
  const fromDict = dict !== null && typeof dict === 'object' && !Array.isArray(dict) ? dict : {};
  return { ...(fromDict as Record<string, unknown>), ...call.keywords };
}

function spanAt(file: string, text: string, offset: number): Span {
  return { file, ...offsetToLineCol(text, offset) };
}

function locate(file: string, text: string, fn: string, positional: readonly unknown[]): Span {
  const last = positional.length > 0 ? escapeRegExp(String(positional[positional.length - 1])) : '';
  const pattern = new RegExp(`\\b${fn}\\s*\\([^)]*?${last ? `['"]${last}['"]` : ''}`);
  const match = pattern.exec(text) ?? new RegExp(`\\b${fn}\\s*\\(`).exec(text);
  return spanAt(file, text, match?.index ?? 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
