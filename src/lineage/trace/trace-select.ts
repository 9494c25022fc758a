import { type AstNode, classOf, containsStar, nodeAt, nodesAt, textAt, textsAt, typeOf } from './ast.js';
import type { ExpressionContext, QueryEnv } from './context.js';
import { expandStar } from './expand-star.js';
import { resolvePosition, resolveReference } from './resolve-reference.js';
import { EMPTY_FROM, type NamedTrace, type Scope } from './scope.js';
import { type RelationShape, type ShapeColumn, withRowInfluence } from './shape.js';
import { gapTrace, mergeTraces, throughKind } from './sources.js';
import { traceExpression } from './trace-expression.js';
import { traceFrom } from './trace-from.js';

/**
 * One SELECT: FROM gives the scope, the select list the columns; WHERE, HAVING, QUALIFY and
 * DISTINCT ON decide which rows exist, so their columns are `filter` influences of every column.
 */
export function traceSelect(node: AstNode, env: QueryEnv): RelationShape {
  const fromNode = nodeAt(node, 'from_table');
  const from = fromNode ? traceFrom(fromNode, env, env.outer) : EMPTY_FROM;
  const scope: Scope = { from, outer: env.outer };
  const ctx: ExpressionContext = { env, scope, aliases: [], lambdaParameters: new Set() };
  const { columns, named } = traceSelectList(nodesAt(node, 'select_list'), ctx);
  const withAliases = { ...ctx, aliases: named };
  const filters = [
    ...['where_clause', 'having', 'qualify'].map((key) => nodeAt(node, key)),
    ...distinctOnTargets(node),
  ].filter((n): n is AstNode => n !== undefined);
  const rows = mergeTraces([
    from.rows,
    ...filters.map((f) => throughKind(traceExpression(f, withAliases), 'filter')),
  ]);
  return { columns: withRowInfluence(columns, rows), rows };
}

function traceSelectList(
  items: readonly AstNode[],
  ctx: ExpressionContext,
): { columns: ShapeColumn[]; named: NamedTrace[] } {
  const columns: ShapeColumn[] = [];
  const named: NamedTrace[] = [];
  for (const item of items) {
    if (classOf(item) === 'STAR') {
      columns.push(...expandStar(item, ctx));
      continue;
    }
    if (containsStar(item)) {
      const label = ctx.env.input.expressionNames.get(item) ?? 'COLUMNS(*)';
      columns.push({ kind: 'unknown', label, reason: 'COLUMNS(…) and star expressions are not traced' });
      continue;
    }
    // Each item may use the aliases of the items before it (DuckDB's lateral column aliases).
    const column = traceItem(item, { ...ctx, aliases: named });
    columns.push({ kind: 'column', ...column });
    if (textAt(item, 'alias')) named.push(column);
  }
  return { columns, named };
}

/** An item's trace and the name DuckDB gives it: the alias, the column's own name, or its text. */
function traceItem(item: AstNode, ctx: ExpressionContext): NamedTrace {
  const alias = textAt(item, 'alias');
  if (classOf(item) === 'COLUMN_REF') {
    const resolved = resolveReference(textsAt(item, 'column_names'), ctx);
    return { name: alias || resolved.name, trace: resolved.trace };
  }
  if (classOf(item) === 'POSITIONAL_REFERENCE') {
    const resolved = resolvePosition(item, ctx);
    return { name: alias || resolved.name, trace: resolved.trace };
  }
  const trace = traceExpression(item, ctx);
  if (alias) return { name: alias, trace };
  const name = ctx.env.input.expressionNames.get(item);
  if (name !== undefined) return { name, trace };
  const fallback = `#${typeOf(item) || 'expression'}`;
  return { name: fallback, trace: mergeTraces([trace, gapTrace('DuckDB could not name this expression')]) };
}

function distinctOnTargets(node: AstNode): AstNode[] {
  return nodesAt(node, 'modifiers')
    .filter((m) => typeOf(m) === 'DISTINCT_MODIFIER')
    .flatMap((m) => nodesAt(m, 'distinct_on_targets'));
}
