import type { CompiledNode } from '../model/compiled-node.js';
import type { GraphNode } from '../model/node.js';
import type { CompileScope } from './compile-scope.js';
import { injectCtes } from './inject-ctes.js';
import { type EphemeralUse, nodeContext } from './node-context.js';
import { ephemeralCteName } from './relation-value.js';

type SqlNode = Extract<GraphNode, { rawSql: string }>;

/**
 * Renders one node. Incremental models render twice (full and incremental) so the planner can
 * choose without compile ever looking at the warehouse. Ephemeral refs become CTEs, nested
 * ephemerals first.
 */
export function compileNode(
  node: SqlNode,
  scope: CompileScope,
  compiledPath: string,
  ephemeralCache: Map<string, RenderedSql>,
): CompiledNode {
  const full = renderWithCtes(node, scope, false, ephemeralCache);
  const isIncremental = node.resourceType === 'model' && node.config.materialized === 'incremental';
  const incremental = isIncremental ? renderWithCtes(node, scope, true, ephemeralCache) : undefined;
  return {
    uniqueId: node.uniqueId,
    sql: full.sql,
    ...(incremental ? { incrementalSql: incremental.sql } : {}),
    ephemerals: [...new Set([...full.ephemerals, ...(incremental?.ephemerals ?? [])])],
    compiledPath,
  };
}

/** A rendered query and the ephemeral models it needs, in dependency order. */
export interface RenderedSql {
  readonly sql: string;
  readonly ephemerals: readonly string[];
}

/**
 * `sql` with the ephemeral models `used` (and those they need) inlined as CTEs: for queries that
 * are not a node's own template, as a generic test's call of its test macro.
 */
export function withEphemeralCtes(
  sql: string,
  used: Iterable<string>,
  scope: CompileScope,
  cache: Map<string, RenderedSql> = new Map(),
): RenderedSql {
  const ephemerals: string[] = [];
  for (const id of used) {
    const upstream = renderBody(scope.manifest.nodes.get(id) as SqlNode, scope, false, cache);
    for (const nested of [...upstream.ephemerals, id])
      if (!ephemerals.includes(nested)) ephemerals.push(nested);
  }
  const ctes = ephemerals.map((id) => {
    const ephemeral = scope.manifest.nodes.get(id) as SqlNode;
    return { name: ephemeralCteName(ephemeral.name), sql: renderBody(ephemeral, scope, false, cache).sql };
  });
  return { sql: ctes.length === 0 ? sql : injectCtes(sql, ctes), ephemerals };
}

function renderWithCtes(
  node: SqlNode,
  scope: CompileScope,
  incremental: boolean,
  cache: Map<string, RenderedSql>,
): RenderedSql {
  const body = renderBody(node, scope, incremental, cache);
  const ctes = body.ephemerals.map((id) => {
    const ephemeral = scope.manifest.nodes.get(id) as SqlNode;
    return { name: ephemeralCteName(ephemeral.name), sql: renderBody(ephemeral, scope, false, cache).sql };
  });
  return { sql: injectCtes(body.sql, ctes), ephemerals: body.ephemerals };
}

/** Renders without CTEs; `ephemerals` lists every ephemeral needed, deepest first. */
function renderBody(
  node: SqlNode,
  scope: CompileScope,
  incremental: boolean,
  cache: Map<string, RenderedSql>,
): RenderedSql {
  const key = `${node.uniqueId}\u0000${incremental}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const used: EphemeralUse = { ids: new Set() };
  const context = nodeContext(node, scope, incremental, used);
  const sql = scope.renderer.render(
    { path: node.originalFilePath, text: node.rawSql, packageName: node.packageName },
    context,
  );
  const ephemerals: string[] = [];
  for (const id of used.ids) {
    const upstream = renderBody(scope.manifest.nodes.get(id) as SqlNode, scope, false, cache);
    for (const nested of [...upstream.ephemerals, id])
      if (!ephemerals.includes(nested)) ephemerals.push(nested);
  }
  const rendered = { sql, ephemerals };
  // Only ephemeral renders are reused; other nodes render once per compile anyway.
  if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') cache.set(key, rendered);
  return rendered;
}
