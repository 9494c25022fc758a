import { didYouMean } from '../../errors/index.js';
import type { GraphNode } from '../../model/node.js';
import { sourceTableName } from '../../model/source-name.js';
import type { ParsedProject } from '../session/parse.js';
import { ExploreErrors } from './explore-errors.js';

/**
 * The node `name` names: a unique id (`model.shop.silver_orders`), a node name, or a source as
 * `source_name.table` (with or without `source:`). A name two nodes share (a model and its
 * test, two packages) is refused with their ids.
 */
export function findNode(parsed: ParsedProject, name: string): GraphNode {
  const nodes = parsed.manifest.nodes;
  const byId = nodes.get(name);
  if (byId) return byId;
  const wanted = name.replace(/^source:/, '').toLowerCase();
  const matches = [...nodes.values()].filter((node) => displayName(node).toLowerCase() === wanted);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw ExploreErrors.ambiguousNode(
      name,
      matches.map((n) => n.uniqueId),
    );
  throw ExploreErrors.unknownNode(name, didYouMean(wanted, [...nodes.values()].map(displayName)));
}

/** How people name a node: sources as `source_name.table`, every other node by its name. */
export function displayName(node: GraphNode): string {
  return node.resourceType === 'source' ? sourceTableName(node) : node.name;
}
