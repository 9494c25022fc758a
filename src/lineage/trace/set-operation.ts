import { sameName } from './ast.js';
import type { RelationShape, ShapeColumn } from './shape.js';
import { mergeTraces, throughKind } from './sources.js';

/**
 * Two sides of a set operation as one relation. UNION (ALL) merges columns by position (BY NAME:
 * by name); INTERSECT and EXCEPT return the left side's values, the right side only decides which
 * rows stay, so its columns become `filter` influences.
 */
export function combineSetOperation(kind: string, left: RelationShape, right: RelationShape): RelationShape {
  switch (kind) {
    case 'UNION':
      return { columns: byPosition(left.columns, right.columns), rows: mergeTraces([left.rows, right.rows]) };
    case 'UNION_BY_NAME':
      return { columns: byName(left.columns, right.columns), rows: mergeTraces([left.rows, right.rows]) };
    case 'EXCEPT':
    case 'INTERSECT':
      return asFilter(left, right);
    default:
      return {
        columns: [
          { kind: 'unknown', label: '*', reason: `set operation ${kind || 'unknown'} is not traced` },
        ],
        rows: mergeTraces([left.rows, right.rows]),
      };
  }
}

function byPosition(left: readonly ShapeColumn[], right: readonly ShapeColumn[]): ShapeColumn[] {
  const columns: ShapeColumn[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const a = left[i];
    const b = right[i];
    // After a run of unknown columns, positions no longer line up.
    if (a?.kind !== 'column' || b?.kind !== 'column') {
      const unknown = [a, b].find((c) => c?.kind === 'unknown');
      const reason = unknown?.kind === 'unknown' ? unknown.reason : 'the sides have different column counts';
      columns.push({ kind: 'unknown', label: a?.kind === 'unknown' ? a.label : '*', reason });
      break;
    }
    columns.push({ kind: 'column', name: a.name, trace: mergeTraces([a.trace, b.trace]) });
  }
  return columns;
}

function byName(left: readonly ShapeColumn[], right: readonly ShapeColumn[]): ShapeColumn[] {
  const columns = left.map((a): ShapeColumn => {
    if (a.kind !== 'column') return a;
    const b = right.find((c) => c.kind === 'column' && sameName(c.name, a.name));
    return b?.kind === 'column' ? { ...a, trace: mergeTraces([a.trace, b.trace]) } : a;
  });
  for (const b of right) {
    const known = b.kind === 'column' && left.some((a) => a.kind === 'column' && sameName(a.name, b.name));
    if (!known) columns.push(b);
  }
  return columns;
}

function asFilter(left: RelationShape, right: RelationShape): RelationShape {
  const decides = right.columns.map((c) =>
    c.kind === 'column' ? throughKind(c.trace, 'filter') : { sources: new Map(), gaps: [c.reason] },
  );
  const rows = mergeTraces([left.rows, right.rows, ...decides]);
  return {
    columns: left.columns.map((c) =>
      c.kind === 'column' ? { ...c, trace: mergeTraces([c.trace, rows]) } : c,
    ),
    rows,
  };
}
