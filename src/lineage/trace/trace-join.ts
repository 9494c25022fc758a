import { type AstNode, nodeAt, textAt, textsAt } from './ast.js';
import type { ExpressionContext, QueryEnv } from './context.js';
import { type FromScope, lookupColumn, type NamedTrace, type Scope, type StarColumn } from './scope.js';
import { opaqueShape } from './shape.js';
import { deriveTrace, gapTrace, mergeTraces, NO_TRACE, type Trace, throughKind } from './sources.js';
import { traceExpression } from './trace-expression.js';
import { single, traceFrom } from './trace-from.js';

/**
 * `left JOIN right ON … / USING (…)`, NATURAL, CROSS, ASOF, POSITIONAL, SEMI and ANTI joins. The
 * right side may refer to the left (DuckDB binds subqueries in joins laterally). Condition and
 * USING columns become `join` influences of every row.
 */
export function traceJoin(node: AstNode, env: QueryEnv, lateral: Scope | undefined): FromScope {
  const leftNode = nodeAt(node, 'left');
  const rightNode = nodeAt(node, 'right');
  if (!leftNode || !rightNode) {
    return single({ alias: '', shape: opaqueShape('*', 'a join without two sides is not traced') });
  }
  const left = traceFrom(leftNode, env, lateral);
  const right = traceFrom(rightNode, env, { from: left, outer: lateral });
  const joinType = textAt(node, 'join_type');
  const { using, gap } = usingColumns(node, left, right);
  const merged = new Map(using.map((u) => [u.name.toLowerCase(), mergeUsing(u, joinType)]));
  const usings = new Map([...left.usings, ...right.usings, ...merged]);
  const joined: FromScope = {
    entries: [...left.entries, ...right.entries],
    starColumns: starColumns(left, right, merged, joinType),
    usings,
    rows: NO_TRACE,
  };
  const condition = nodeAt(node, 'condition');
  const ctx: ExpressionContext = {
    env,
    scope: { from: joined, outer: lateral },
    aliases: [],
    lambdaParameters: new Set(),
  };
  const rows = mergeTraces([
    left.rows,
    right.rows,
    ...using.map((u) => throughKind(mergeTraces([u.left, u.right]), 'join')),
    gap,
    condition ? throughKind(traceExpression(condition, ctx), 'join') : NO_TRACE,
  ]);
  return { ...joined, rows };
}

interface UsingColumn {
  readonly name: string;
  readonly left: Trace;
  readonly right: Trace;
}

function usingColumns(
  node: AstNode,
  left: FromScope,
  right: FromScope,
): { using: UsingColumn[]; gap: Trace } {
  const natural = textAt(node, 'ref_type') === 'NATURAL';
  const names = natural ? commonNames(left, right) : textsAt(node, 'using_columns');
  if (names === undefined) {
    return { using: [], gap: gapTrace('NATURAL JOIN over a relation whose columns are not known') };
  }
  const using = names.map((name) => {
    const l = lookupColumn(left, [name]);
    const r = lookupColumn(right, [name]);
    return {
      name: l.kind === 'found' ? l.name : name,
      left: l.kind === 'found' ? l.trace : gapTrace(`USING column "${name}" not found on the left`),
      right: r.kind === 'found' ? r.trace : gapTrace(`USING column "${name}" not found on the right`),
    };
  });
  return { using, gap: NO_TRACE };
}

/** The column names both sides have, or undefined when a side's columns are not all known. */
function commonNames(left: FromScope, right: FromScope): string[] | undefined {
  const names = (from: FromScope) =>
    from.starColumns.map((s) => (s.column.kind === 'column' ? s.column.name : undefined));
  const l = names(left);
  const r = names(right);
  if (l.includes(undefined) || r.includes(undefined)) return undefined;
  const rightNames = new Set(r.map((n) => n!.toLowerCase()));
  return l.filter((n): n is string => n !== undefined && rightNames.has(n.toLowerCase()));
}

/** The value a USING column has: the left one, the right one for RIGHT joins, both for FULL. */
function mergeUsing(using: UsingColumn, joinType: string): NamedTrace {
  switch (joinType) {
    case 'RIGHT':
      return { name: using.name, trace: using.right };
    case 'FULL':
    case 'OUTER':
      return { name: using.name, trace: deriveTrace('transform', [using.left, using.right]) };
    default:
      return { name: using.name, trace: using.left };
  }
}

/** `*` lists each USING column once, where the left side has it; SEMI and ANTI joins keep the left only. */
function starColumns(
  left: FromScope,
  right: FromScope,
  merged: ReadonlyMap<string, NamedTrace>,
  joinType: string,
): StarColumn[] {
  const leftColumns = left.starColumns.map((star): StarColumn => {
    const using = star.column.kind === 'column' ? merged.get(star.column.name.toLowerCase()) : undefined;
    return using ? { ...star, column: { kind: 'column', ...using } } : star;
  });
  if (joinType === 'SEMI' || joinType === 'ANTI') return leftColumns;
  const rightColumns = right.starColumns.filter(
    (star) => star.column.kind !== 'column' || !merged.has(star.column.name.toLowerCase()),
  );
  return [...leftColumns, ...rightColumns];
}
