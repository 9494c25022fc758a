import {
  type LineageDirection,
  type LineageFormat,
  type LineageSubgraph,
  queryLineage,
  renderLineage,
} from '../../lineage/index.js';
import { silentReporter } from '../../model/reporter.js';
import { MetadataErrors } from '../errors/metadata-errors.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';

export interface LineageOptions extends ProjectOptions {
  /** A unique id (`model.taxi.silver_trips`) or a node name (`silver_trips`). */
  readonly node: string;
  /** Default `both`. */
  readonly direction?: LineageDirection;
  /** Hops to follow; all when absent. */
  readonly depth?: number;
  /** Follow this column of the node through column lineage. */
  readonly column?: string;
  /** Default `text`. */
  readonly output?: LineageFormat;
}

export interface LineageResult {
  readonly subgraph: LineageSubgraph;
  /** The subgraph rendered in the asked format, as printed. */
  readonly rendered: string;
}

/**
 * `ldp lineage <node>`: what is upstream and downstream of a node (or of one of its columns) in
 * the lineage the last runs recorded in the catalog. Reads the catalog without any lock; the
 * project is only loaded to find the warehouse, not parsed.
 */
export async function lineage(options: LineageOptions): Promise<LineageResult> {
  const project = await loadProjectOnly(options);
  const catalog = openCatalogIfBuilt(project.target);
  if (!catalog) throw MetadataErrors.noLineage(project.target.catalogPath);
  try {
    const graph = catalog.readLineage();
    if (graph.nodes.length === 0) throw MetadataErrors.noLineage(catalog.path);
    const subgraph = queryLineage(graph, {
      node: sourceId(graph.nodes, options.node) ?? options.node,
      direction: options.direction ?? 'both',
      ...(options.depth === undefined ? {} : { depth: options.depth }),
      ...(options.column === undefined ? {} : { column: options.column }),
    });
    const rendered = renderLineage(subgraph, options.output ?? 'text');
    (options.reporter ?? silentReporter).report({ kind: 'output', text: rendered });
    return { subgraph, rendered };
  } finally {
    catalog.close();
  }
}

/**
 * Sources are shown as `source_name.table` (and selected as `source:source_name.table`): either
 * form names the source's node when no node has that exact name or id.
 */
function sourceId(
  nodes: readonly { readonly uniqueId: string; readonly name: string; readonly resourceType: string }[],
  wanted: string,
): string | undefined {
  if (nodes.some((n) => n.uniqueId === wanted || n.name === wanted)) return undefined;
  const suffix = `.${wanted.replace(/^source:/, '')}`.toLowerCase();
  const matches = nodes.filter(
    (n) => n.resourceType === 'source' && n.uniqueId.toLowerCase().endsWith(suffix),
  );
  return matches.length === 1 ? matches[0]!.uniqueId : undefined;
}
