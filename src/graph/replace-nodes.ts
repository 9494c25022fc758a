import type { Manifest } from '../model/manifest.js';
import type { GraphNode } from '../model/node.js';

/**
 * The checked manifest with some nodes replaced by new versions of themselves, when no check
 * `buildManifest` makes can see the difference: each new node resolves, is resolved by others,
 * is stored and is layered exactly as its old version (see `graphKey`). The parent and child maps
 * are then those of `manifest`, and every check it passed still passes, so nothing is checked
 * again. Undefined when any replacement differs in that respect: the graph must be built again.
 */
export function replaceNodes(
  manifest: Omit<Manifest, 'parentMap' | 'childMap'>,
  replacements: ReadonlyMap<string, GraphNode>,
): Omit<Manifest, 'parentMap' | 'childMap'> | undefined {
  for (const [id, next] of replacements) {
    const previous = manifest.nodes.get(id);
    if (previous === undefined || graphKey(previous) !== graphKey(next)) return undefined;
  }
  const nodes = new Map(manifest.nodes);
  for (const [id, next] of replacements) nodes.set(id, next);
  return { ...manifest, nodes };
}

/**
 * Everything of a node that `buildManifest` reads: its identity and what `ref()` matches (name,
 * package, kind, version), what it depends on, its layer, and the table it is stored as with the
 * config keys that name it. Positions (spans) are left out: they only place error messages, and
 * a manifest that was checked before has none.
 */
function graphKey(node: GraphNode): string {
  const config = 'config' in node ? (node.config as Readonly<Record<string, unknown>>) : {};
  return JSON.stringify([
    node.uniqueId,
    node.resourceType,
    node.name,
    node.packageName,
    'version' in node ? node.version : undefined,
    'latestVersion' in node ? node.latestVersion : undefined,
    'layer' in node ? node.layer : undefined,
    'refs' in node ? node.refs.map((ref) => [ref.name, ref.package, ref.version]) : undefined,
    'sources' in node ? node.sources.map((source) => [source.source, source.table]) : undefined,
    'attachedNode' in node ? node.attachedNode : undefined,
    'relation' in node ? node.relation : undefined,
    ['materialized', 'schema', 'alias', 'database', 'target_schema', 'target_database'].map(
      (key) => config[key],
    ),
  ]);
}
