import type { CompiledNode } from '../../model/compiled-node.js';
import type { ResourceType } from '../../model/node.js';
import type { ParsedProject } from '../session/parse.js';
import { compileNodes } from './compile-nodes.js';

/**
 * The compiled SQL of every node of `resourceTypes` in the project, written nowhere: lineage and
 * docs describe the whole project even when a command selected part of it. Compiling never
 * touches the database. Nodes in `known` (a command's own) are taken as they are, then the
 * compile cache, and only the rest render now (and join the cache for next time). A node that
 * fails to render is left out: reporting it is the job of the command that builds it.
 */
export async function compileProjectNodes(
  parsed: ParsedProject,
  resourceTypes: readonly ResourceType[],
  known: ReadonlyMap<string, CompiledNode> = new Map(),
): Promise<Map<string, CompiledNode>> {
  const wanted = [...parsed.manifest.nodes.values()]
    .filter((node) => resourceTypes.includes(node.resourceType) && 'rawSql' in node)
    .map((node) => node.uniqueId);
  const { nodes } = await compileNodes(parsed, wanted, { known, failures: 'leave-out' });
  return new Map(nodes);
}
