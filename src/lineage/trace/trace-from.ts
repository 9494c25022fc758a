import { type AstNode, isAstNode, nodeAt, textAt, textsAt, typeOf } from './ast.js';
import type { ExpressionContext, QueryEnv } from './context.js';
import { EMPTY_FROM, type FromScope, type Scope, type ScopeEntry } from './scope.js';
import { opaqueShape, type RelationShape, renameColumns, type ShapeColumn, upstreamShape } from './shape.js';
import { mergeTraces, NO_TRACE } from './sources.js';
import { traceExpression } from './trace-expression.js';
import { traceJoin } from './trace-join.js';
import { traceQueryNode } from './trace-query.js';

/**
 * The relations of a FROM clause. `lateral` is what a subquery or table function may refer to
 * besides its own relations: the relations left of it in a join, then the outer queries.
 */
export function traceFrom(node: AstNode, env: QueryEnv, lateral: Scope | undefined): FromScope {
  switch (typeOf(node)) {
    case 'EMPTY':
      return EMPTY_FROM;
    case 'JOIN':
      return traceJoin(node, env, lateral);
    case 'BASE_TABLE':
      return single(baseTable(node, env));
    case 'SUBQUERY':
      return single(subquery(node, env, lateral));
    case 'EXPRESSION_LIST':
      return single(valuesList(node, env, lateral));
    case 'TABLE_FUNCTION': {
      const name = textAt(nodeAt(node, 'function') ?? {}, 'function_name') || 'function';
      const reason = `the columns of table function ${name}(…) are not known`;
      return single({ alias: textAt(node, 'alias') || name, shape: opaqueShape('*', reason) });
    }
    default: {
      const reason = `${typeOf(node) || 'unknown'} in FROM is not traced`;
      return single({ alias: textAt(node, 'alias'), shape: opaqueShape('*', reason) });
    }
  }
}

/** A FROM clause of one relation. */
export function single(entry: ScopeEntry): FromScope {
  return {
    entries: [entry],
    starColumns: entry.shape.columns.map((column) => ({ column, relation: entry.alias })),
    usings: new Map(),
    rows: entry.shape.rows,
  };
}

function baseTable(node: AstNode, env: QueryEnv): ScopeEntry {
  const table = textAt(node, 'table_name');
  const schema = textAt(node, 'schema_name');
  const catalog = textAt(node, 'catalog_name');
  const alias = textAt(node, 'alias');
  const shape = renameColumns(tableShape(table, schema, catalog, env), textsAt(node, 'column_name_alias'));
  if (alias) return { alias, shape };
  return { alias: table, schema: schema || undefined, catalog: catalog || undefined, shape };
}

/** A CTE when the name is unqualified and one is in scope, else an upstream relation. */
function tableShape(table: string, schema: string, catalog: string, env: QueryEnv): RelationShape {
  const cte = !schema && !catalog ? env.ctes.get(table.toLowerCase()) : undefined;
  if (cte) return cte;
  const parts = [catalog, schema, table].filter(Boolean);
  const relations = env.input.relations;
  const relation =
    relations.get(parts.join('.').toLowerCase()) ??
    (catalog ? relations.get(`${schema}.${table}`.toLowerCase()) : undefined);
  if (relation) return upstreamShape(relation);
  const quoted = parts.map((p) => `"${p}"`).join('.');
  return opaqueShape('*', `relation ${quoted} is not a known upstream of this node`);
}

function subquery(node: AstNode, env: QueryEnv, lateral: Scope | undefined): ScopeEntry {
  const body = nodeAt(nodeAt(node, 'subquery') ?? {}, 'node');
  const alias = textAt(node, 'alias');
  if (!body) return { alias, shape: opaqueShape('*', 'a subquery without body is not traced') };
  const shape = traceQueryNode(body, { ...env, outer: lateral });
  return { alias, shape: renameColumns(shape, textsAt(node, 'column_name_alias')) };
}

/** `VALUES (…), (…)`: columns `col0`, `col1`… each depending on what its values use. */
function valuesList(node: AstNode, env: QueryEnv, lateral: Scope | undefined): ScopeEntry {
  const rows = Array.isArray(node['values']) ? node['values'].filter(Array.isArray) : [];
  const ctx: ExpressionContext = {
    env,
    scope: { from: EMPTY_FROM, outer: lateral },
    aliases: [],
    lambdaParameters: new Set(),
  };
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i): ShapeColumn => {
    const cells = rows.map((r) => r[i]).filter(isAstNode);
    return { kind: 'column', name: `col${i}`, trace: mergeTraces(cells.map((c) => traceExpression(c, ctx))) };
  });
  const names = textsAt(node, 'expected_names');
  const shape = renameColumns({ columns, rows: NO_TRACE }, names);
  return { alias: textAt(node, 'alias'), shape };
}
