import { type AstNode, nodeAt, textAt } from './ast.js';
import type { ExpressionContext } from './context.js';
import { gapTrace, mergeTraces, NO_TRACE, type Trace, throughKind } from './sources.js';
import { traceExpression } from './trace-expression.js';
import { traceQueryNode } from './trace-query.js';

/**
 * A subquery in an expression, with the current scope as its outer scope (so correlated columns
 * resolve). A scalar subquery is its one column; EXISTS depends only on which rows exist; IN /
 * ANY / ALL compare a value with the column.
 */
export function traceSubquery(node: AstNode, ctx: ExpressionContext): Trace {
  const query = nodeAt(nodeAt(node, 'subquery') ?? {}, 'node');
  if (!query) return gapTrace('a subquery without body is not traced');
  const shape = traceQueryNode(query, { ...ctx.env, outer: ctx.scope });
  const first = shape.columns[0];
  const value =
    first === undefined ? NO_TRACE : first.kind === 'column' ? first.trace : gapTrace(first.reason);
  switch (textAt(node, 'subquery_type')) {
    case 'EXISTS':
    case 'NOT_EXISTS':
      return shape.rows;
    case 'SCALAR':
      return mergeTraces([value, shape.rows]);
    default: {
      const child = nodeAt(node, 'child');
      const compared = child ? traceExpression(child, ctx) : NO_TRACE;
      return mergeTraces([throughKind(mergeTraces([compared, value]), 'transform'), shape.rows]);
    }
  }
}
