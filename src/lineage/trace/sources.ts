import { compareText } from '../compare-text.js';
import type { ColumnEdgeKind, ColumnSource } from '../types.js';

/**
 * What one expression or column depends on: the upstream columns (by `nodeId` + column, each
 * with its strongest kind) and the reasons, if any, why the list may be incomplete.
 */
export interface Trace {
  readonly sources: ReadonlyMap<string, ColumnSource>;
  readonly gaps: readonly string[];
}

export const NO_TRACE: Trace = { sources: new Map(), gaps: [] };

// When one upstream column reaches an output column in several ways, the strongest is kept:
// flowing into the value beats influencing rows, and an unchanged copy beats any derivation.
const STRENGTH: Record<ColumnEdgeKind, number> = {
  copy: 5,
  aggregate: 4,
  transform: 3,
  join: 2,
  filter: 1,
};

const INFLUENCE: ReadonlySet<ColumnEdgeKind> = new Set(['filter', 'join']);

/** An upstream column itself. */
export function columnTrace(nodeId: string, column: string): Trace {
  return { sources: new Map([[keyOf(nodeId, column), { nodeId, column, kind: 'copy' }]]), gaps: [] };
}

/** Nothing is known: the reason says why. */
export function gapTrace(reason: string): Trace {
  return { sources: new Map(), gaps: [reason] };
}

export function mergeTraces(traces: Iterable<Trace>): Trace {
  const sources = new Map<string, ColumnSource>();
  const gaps: string[] = [];
  for (const trace of traces) {
    for (const [key, source] of trace.sources) {
      const known = sources.get(key);
      if (!known || STRENGTH[source.kind] > STRENGTH[known.kind]) sources.set(key, source);
    }
    for (const gap of trace.gaps) if (!gaps.includes(gap)) gaps.push(gap);
  }
  return { sources, gaps };
}

/** `trace` seen through an expression of kind `outer` (e.g. the argument of an aggregate). */
export function throughKind(trace: Trace, outer: ColumnEdgeKind): Trace {
  if (outer === 'copy' || trace.sources.size === 0) return trace;
  const sources = new Map<string, ColumnSource>();
  for (const [key, source] of trace.sources) {
    sources.set(key, { ...source, kind: composeKinds(outer, source.kind) });
  }
  return { sources, gaps: trace.gaps };
}

/** Several traces combined by one expression of kind `outer`. */
export function deriveTrace(outer: ColumnEdgeKind, traces: Iterable<Trace>): Trace {
  return throughKind(mergeTraces(traces), outer);
}

/**
 * The kind of an upstream column seen through an outer use: influences stay what they are (a
 * filter deep inside a CTE is still a filter), an outer influence turns flows into influences,
 * and among flows an aggregate wins over a transform, which wins over a copy.
 */
export function composeKinds(outer: ColumnEdgeKind, inner: ColumnEdgeKind): ColumnEdgeKind {
  if (INFLUENCE.has(inner)) return inner;
  if (INFLUENCE.has(outer)) return outer;
  if (outer === 'copy') return inner;
  if (outer === 'aggregate' || inner === 'aggregate') return 'aggregate';
  return 'transform';
}

/** Sources sorted by node id, then column, for stable output. */
export function sortedSources(trace: Trace): ColumnSource[] {
  return [...trace.sources.values()].sort(
    (a, b) => compareText(a.nodeId, b.nodeId) || compareText(a.column, b.column),
  );
}

function keyOf(nodeId: string, column: string): string {
  return `${nodeId}\u0000${column}`;
}
