import type { ColumnEdgeKind } from '../types.js';
import { type AstNode, classOf, nodeAt, nodesAt, textAt, textsAt, typeOf } from './ast.js';
import type { ExpressionContext } from './context.js';
import { resolvePosition, resolveReference } from './resolve-reference.js';
import { deriveTrace, gapTrace, mergeTraces, NO_TRACE, type Trace, throughKind } from './sources.js';
import { traceSubquery } from './trace-subquery.js';

type Handler = (node: AstNode, ctx: ExpressionContext) => Trace;

/**
 * What an expression depends on. A bare column keeps its sources' kinds (a copy stays a copy);
 * anything computed from columns turns them into `transform` or, inside an aggregate function,
 * `aggregate`. Expression classes without a handler are reported, never guessed.
 */
export function traceExpression(node: AstNode, ctx: ExpressionContext): Trace {
  const handler = HANDLERS[classOf(node)];
  if (handler) return handler(node, ctx);
  return gapTrace(`expressions of type ${typeOf(node) || classOf(node) || 'unknown'} are not traced`);
}

/** Several expressions used by one of kind `kind`; absent ones are skipped. */
export function traceAll(
  kind: ColumnEdgeKind,
  nodes: readonly (AstNode | undefined)[],
  ctx: ExpressionContext,
): Trace {
  return deriveTrace(
    kind,
    nodes.filter((n) => n !== undefined).map((n) => traceExpression(n, ctx)),
  );
}

const nothing: Handler = () => NO_TRACE;

const HANDLERS: Readonly<Record<string, Handler>> = {
  COLUMN_REF: (node, ctx) => resolveReference(textsAt(node, 'column_names'), ctx).trace,
  CONSTANT: nothing,
  PARAMETER: nothing,
  DEFAULT: nothing,
  FUNCTION: traceFunction,
  WINDOW: traceWindow,
  SUBQUERY: traceSubquery,
  CASE: (node, ctx) =>
    traceAll(
      'transform',
      [
        ...nodesAt(node, 'case_checks').flatMap((c) => [nodeAt(c, 'when_expr'), nodeAt(c, 'then_expr')]),
        nodeAt(node, 'else_expr'),
      ],
      ctx,
    ),
  CAST: (node, ctx) => traceAll('transform', [nodeAt(node, 'child')], ctx),
  COLLATE: (node, ctx) => traceAll('transform', [nodeAt(node, 'child')], ctx),
  OPERATOR: (node, ctx) => traceAll('transform', nodesAt(node, 'children'), ctx),
  CONJUNCTION: (node, ctx) => traceAll('transform', nodesAt(node, 'children'), ctx),
  COMPARISON: (node, ctx) => traceAll('transform', [nodeAt(node, 'left'), nodeAt(node, 'right')], ctx),
  BETWEEN: (node, ctx) =>
    traceAll('transform', [nodeAt(node, 'input'), nodeAt(node, 'lower'), nodeAt(node, 'upper')], ctx),
  LAMBDA: traceLambda,
  POSITIONAL_REFERENCE: (node, ctx) => resolvePosition(node, ctx).trace,
};

/** Arguments of an aggregate are `aggregate`; a FILTER (WHERE …) clause only chooses rows. */
function traceFunction(node: AstNode, ctx: ExpressionContext): Trace {
  const name = textAt(node, 'function_name').toLowerCase();
  const kind = ctx.env.input.aggregates.has(name) ? 'aggregate' : 'transform';
  const orders = nodesAt(nodeAt(node, 'order_bys') ?? {}, 'orders').map((o) => nodeAt(o, 'expression'));
  const filter = nodeAt(node, 'filter');
  return mergeTraces([
    traceAll(kind, [...nodesAt(node, 'children'), ...orders], ctx),
    filter ? throughKind(traceExpression(filter, ctx), 'filter') : NO_TRACE,
  ]);
}

/** `f(x) OVER (PARTITION BY p ORDER BY o)`: x is aggregated for aggregate windows; p and o transform. */
function traceWindow(node: AstNode, ctx: ExpressionContext): Trace {
  const kind = typeOf(node) === 'WINDOW_AGGREGATE' ? 'aggregate' : 'transform';
  const orders = [...nodesAt(node, 'orders'), ...nodesAt(node, 'arg_orders')].map((o) =>
    nodeAt(o, 'expression'),
  );
  const frame = ['start_expr', 'end_expr', 'offset_expr', 'default_expr'].map((k) => nodeAt(node, k));
  const filter = nodeAt(node, 'filter_expr');
  return mergeTraces([
    traceAll(kind, nodesAt(node, 'children'), ctx),
    traceAll('transform', [...nodesAt(node, 'partitions'), ...orders, ...frame], ctx),
    filter ? throughKind(traceExpression(filter, ctx), 'filter') : NO_TRACE,
  ]);
}

/** `x -> x + a`, `(x, y) -> …`, `lambda x: …`: the parameters are not columns. */
function traceLambda(node: AstNode, ctx: ExpressionContext): Trace {
  const lhs = nodeAt(node, 'lhs');
  const params = lhs && classOf(lhs) === 'COLUMN_REF' ? [lhs] : lhs ? nodesAt(lhs, 'children') : [];
  const names = params.map((p) => (textsAt(p, 'column_names')[0] ?? '').toLowerCase());
  const body = nodeAt(node, 'expr');
  if (!body) return gapTrace('a lambda without body is not traced');
  const inner = { ...ctx, lambdaParameters: new Set([...ctx.lambdaParameters, ...names]) };
  return throughKind(traceExpression(body, inner), 'transform');
}
