import { type AstNode, entriesAt, isAstNode, nodeAt, textAt, textsAt, typeOf } from './ast.js';
import type { QueryEnv } from './context.js';
import { combineSetOperation } from './set-operation.js';
import { dedupeNames, opaqueShape, type RelationShape, renameColumns } from './shape.js';
import { columnTrace, NO_TRACE } from './sources.js';
import { traceSelect } from './trace-select.js';

/**
 * The columns a query node returns and what each depends on. CTEs of the node are traced first,
 * in order, each seeing the ones before it. Repeated output names are renamed as DuckDB does.
 */
export function traceQueryNode(node: AstNode, env: QueryEnv): RelationShape {
  const scoped: QueryEnv = { ...env, ctes: traceCtes(node, env) };
  const shape = traceBody(node, scoped);
  return { ...shape, columns: dedupeNames(shape.columns) };
}

function traceBody(node: AstNode, env: QueryEnv): RelationShape {
  switch (typeOf(node)) {
    case 'SELECT_NODE':
      return traceSelect(node, env);
    case 'SET_OPERATION_NODE':
      return traceSetOperation(node, env);
    case 'RECURSIVE_CTE_NODE':
      return traceRecursive(node, env);
    default:
      return opaqueShape('*', `queries of type ${typeOf(node) || 'unknown'} are not traced`);
  }
}

function traceSetOperation(node: AstNode, env: QueryEnv): RelationShape {
  const children = [nodeAt(node, 'left'), nodeAt(node, 'right'), ...childList(node)].filter(
    (c): c is AstNode => c !== undefined,
  );
  const shapes = children.map((child) => traceQueryNode(child, env));
  const [first, ...rest] = shapes;
  if (!first) return opaqueShape('*', 'a set operation without queries is not traced');
  return rest.reduce((acc, next) => combineSetOperation(textAt(node, 'setop_type'), acc, next), first);
}

function childList(node: AstNode): AstNode[] {
  const children = node['children'];
  return Array.isArray(children) ? children.filter(isAstNode) : [];
}

// A recursive CTE's lineage is the union of its anchor and every step; steps are traced until
// no new source appears (a chain of n self-references needs n rounds).
const MAX_RECURSIVE_ROUNDS = 8;

function traceRecursive(node: AstNode, env: QueryEnv): RelationShape {
  const anchor = nodeAt(node, 'left');
  const step = nodeAt(node, 'right');
  if (!anchor || !step) return opaqueShape('*', 'a recursive CTE without anchor and step is not traced');
  const name = textAt(node, 'cte_name').toLowerCase();
  const aliases = textsAt(node, 'aliases');
  let shape = renameColumns(traceQueryNode(anchor, env), aliases);
  for (let round = 0; round < MAX_RECURSIVE_ROUNDS; round++) {
    const ctes = new Map(env.ctes).set(name, shape);
    const next = combineSetOperation('UNION', shape, traceQueryNode(step, { ...env, ctes }));
    if (sourceCount(next) === sourceCount(shape)) return next;
    shape = next;
  }
  return shape;
}

function sourceCount(shape: RelationShape): number {
  let count = shape.rows.sources.size;
  for (const c of shape.columns) if (c.kind === 'column') count += c.trace.sources.size;
  return count;
}

function traceCtes(node: AstNode, env: QueryEnv): ReadonlyMap<string, RelationShape> {
  const definitions = entriesAt(node, 'cte_map');
  if (definitions.length === 0) return env.ctes;
  const ctes = new Map(env.ctes);
  for (const { key, value } of definitions) {
    if (typeof key !== 'string' || !isAstNode(value)) continue;
    const body = nodeAt(nodeAt(value, 'query') ?? {}, 'node');
    const shape = body
      ? renameColumns(traceQueryNode(body, { ...env, ctes }), textsAt(value, 'aliases'))
      : opaqueShape('*', `CTE "${key}" has no body`);
    ctes.set(key.toLowerCase(), asEphemeral(key, shape, env));
  }
  return ctes;
}

/** In `point` mode an ephemeral model's CTE is a relation of its own: its columns are its own. */
function asEphemeral(name: string, shape: RelationShape, env: QueryEnv): RelationShape {
  const nodeId = env.input.ephemerals.get(name.toLowerCase());
  if (nodeId === undefined || env.input.ephemeralMode === 'follow') return shape;
  return {
    columns: shape.columns.map((c) =>
      c.kind === 'column' ? { ...c, trace: columnTrace(nodeId, c.name) } : c,
    ),
    rows: NO_TRACE,
  };
}
