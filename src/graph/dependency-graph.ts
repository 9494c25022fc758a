import { DirectedGraph } from 'graphology';
import { topologicalGenerations } from 'graphology-dag';
import type { Manifest } from '../model/manifest.js';

/**
 * The manifest as a graphology DAG (parent → child edges), built on demand: parsing itself only
 * needs the adjacency maps, and building the graph for tens of thousands of nodes is not free.
 */
export function dependencyGraph(
  manifest: Manifest,
  ids: Iterable<string> = manifest.nodes.keys(),
): DirectedGraph {
  const graph = new DirectedGraph();
  const wanted = new Set(ids);
  for (const id of wanted) graph.addNode(id);
  for (const id of wanted) {
    for (const parent of manifest.parentMap.get(id) ?? [])
      if (wanted.has(parent)) graph.addDirectedEdge(parent, id);
  }
  return graph;
}

/** Groups of nodes that can run together, each after all groups before it; sorted for determinism. */
export function executionLayers(manifest: Manifest, ids: Iterable<string>): string[][] {
  return topologicalGenerations(dependencyGraph(manifest, ids)).map((layer) => [...layer].sort());
}
