import { compileGraph } from '../../compile/compile-graph.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { ResourceType } from '../../model/node.js';
import { compiledPathOf } from '../commands/compile.js';
import type { ParsedProject } from '../session/parse.js';
import { reusableNodes, saveCompileCache } from './compile-cache.js';

/**
 * The compiled SQL of every node of `resourceTypes` in the project, written nowhere: lineage and
 * docs describe the whole project even when a command selected part of it. Compiling never
 * touches the database. Nodes in `compiled` (a command's own) are taken as they are, then the
 * compile cache, and only the rest render now (and join the cache for next time). A node that
 * fails to render is left out: reporting it is the job of the command that builds it.
 */
export function compileProjectNodes(
  parsed: ParsedProject,
  resourceTypes: readonly ResourceType[],
  compiled: ReadonlyMap<string, CompiledNode> = new Map(),
): Map<string, CompiledNode> {
  const wanted = [...parsed.manifest.nodes.values()]
    .filter((node) => resourceTypes.includes(node.resourceType) && 'rawSql' in node)
    .map((node) => node.uniqueId);
  const result = new Map<string, CompiledNode>();
  const missing: string[] = [];
  for (const id of wanted) {
    const known = compiled.get(id);
    if (known) result.set(id, known);
    else missing.push(id);
  }
  if (missing.length === 0) return result;
  const reusable = reusableNodes(parsed);
  const toRender = missing.filter((id) => !reusable.has(id));
  const { graph } = compileGraph({
    manifest: parsed.manifest,
    selected: toRender,
    renderer: parsed.templates.engine,
    baseContext: parsed.templates.base,
    compiledPathOf: (node) => compiledPathOf(parsed, node),
  });
  if (graph.nodes.size > 0) saveCompileCache(parsed, new Map([...compiled, ...graph.nodes]), reusable);
  for (const id of missing) {
    const node = reusable.get(id) ?? graph.nodes.get(id);
    if (node) result.set(id, node);
  }
  return result;
}
