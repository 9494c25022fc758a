import { LATEST_VERSION } from '../../catalog/index.js';
import type { GraphNode, ResourceType } from '../../model/node.js';
import type { ProjectOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';
import { ExploreErrors } from './explore-errors.js';
import { displayName } from './find-node.js';

export interface SearchNodesOptions extends ProjectOptions {
  /** Words to find (case-insensitive); every word must match somewhere in a node. */
  readonly text: string;
  /** Only nodes of these types. */
  readonly resourceTypes?: readonly ResourceType[];
  /** Nodes to return at most (default 50). */
  readonly limit?: number;
}

/** A node that matched, with where each word matched (`name`, `tag`, `column order_id` …). */
export interface NodeMatch {
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: ResourceType;
  readonly layer?: string;
  readonly path: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly matchedIn: readonly string[];
}

/**
 * Finds the project's nodes whose name, description, tags or columns (names and descriptions)
 * hold every word of `text`, in unique-id order. Columns are those the YAML documents and
 * those the last runs recorded in the catalog (every column of a built table, view or source).
 */
export async function searchNodes(options: SearchNodesOptions): Promise<NodeMatch[]> {
  const words = options.text.toLowerCase().split(/\s+/).filter(Boolean);
  const limit = options.limit ?? 50;
  if (words.length === 0)
    throw ExploreErrors.invalidOption('the search text is empty', 'Give a word of a name, tag or column.');
  if (!Number.isInteger(limit) || limit < 1)
    throw ExploreErrors.invalidOption(`the limit must be a whole number ≥ 1, got ${limit}`, 'Use e.g. 20.');
  const parsed = await parse(options);
  const recorded = recordedColumns(parsed);
  const matches: NodeMatch[] = [];
  const ids = [...parsed.manifest.nodes.keys()].sort();
  for (const id of ids) {
    const node = parsed.manifest.nodes.get(id)!;
    if (options.resourceTypes && !options.resourceTypes.includes(node.resourceType)) continue;
    const places = searchablePlaces(node, recorded.get(id) ?? []);
    const matchedIn = words.map((word) => places.find(([, text]) => text.includes(word))?.[0]);
    if (matchedIn.some((place) => place === undefined)) continue;
    matches.push(matchOf(node, [...new Set(matchedIn as string[])]));
    if (matches.length === limit) break;
  }
  return matches;
}

/** Each place a word may match, as [label, lower-case text]. */
function searchablePlaces(node: GraphNode, recorded: readonly string[]): [string, string][] {
  const places: [string, string][] = [
    ['name', displayName(node).toLowerCase()],
    ['description', node.description.toLowerCase()],
    ...node.tags.map((tag): [string, string] => ['tag', tag.toLowerCase()]),
  ];
  const columns = 'columns' in node ? Object.values(node.columns) : [];
  for (const column of columns)
    places.push([`column ${column.name}`, `${column.name}\n${column.description}`.toLowerCase()]);
  for (const name of recorded) places.push([`column ${name}`, name.toLowerCase()]);
  return places;
}

/** Column names by unique id from the lineage the catalog keeps; none before the first run. */
function recordedColumns(parsed: ParsedProject): Map<string, string[]> {
  const catalog = openCatalogIfBuilt(parsed.project.target);
  const byNode = new Map<string, string[]>();
  if (!catalog) return byNode;
  try {
    if (catalog.schemaVersion !== LATEST_VERSION) return byNode;
    for (const column of catalog.readLineage().columns) {
      const names = byNode.get(column.uniqueId) ?? [];
      names.push(column.name);
      byNode.set(column.uniqueId, names);
    }
    return byNode;
  } finally {
    catalog.close();
  }
}

function matchOf(node: GraphNode, matchedIn: string[]): NodeMatch {
  return {
    uniqueId: node.uniqueId,
    name: displayName(node),
    resourceType: node.resourceType,
    ...('layer' in node && node.layer ? { layer: node.layer } : {}),
    path: node.originalFilePath,
    description: node.description,
    tags: node.tags,
    matchedIn,
  };
}
