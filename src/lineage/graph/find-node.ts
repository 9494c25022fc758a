import { didYouMeanHint, LdpError } from '../../errors/index.js';
import type { LineageGraphInput, LineageGraphNode } from './graph-types.js';

/**
 * The node a lineage query names: by unique id, else by name (`trips`) when exactly one node has
 * it. Unknown and ambiguous names are user errors with a hint.
 */
export function findLineageNode(graph: LineageGraphInput, wanted: string): LineageGraphNode {
  const byId = graph.nodes.find((n) => n.uniqueId === wanted);
  if (byId) return byId;
  const byName = graph.nodes.filter((n) => n.name.toLowerCase() === wanted.toLowerCase());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    const ids = byName.map((n) => n.uniqueId).sort();
    throw new LdpError({
      code: 'LDP711',
      message: `'${wanted}' names ${byName.length} nodes in the lineage graph: ${ids.join(', ')}`,
      hint: 'Give the unique id of the one you mean.',
    });
  }
  const suggestion = didYouMeanHint(wanted, [
    ...graph.nodes.map((n) => n.name),
    ...graph.nodes.map((n) => n.uniqueId),
  ]);
  throw new LdpError({
    code: 'LDP710',
    message: `no node '${wanted}' in the stored lineage graph`,
    hint:
      suggestion ??
      (graph.nodes.length === 0
        ? 'Lineage is recorded by `ldp run` and `ldp build`; run one of them first.'
        : 'Lineage covers the nodes of the last run; check the name or run the node.'),
  });
}

/**
 * The column's name as stored (`FARE` finds `fare`). A node whose columns were recorded must have
 * it; otherwise any column that an edge mentions is accepted.
 */
export function findLineageColumn(graph: LineageGraphInput, nodeId: string, wanted: string): string {
  const known = new Set<string>();
  for (const c of graph.columns) if (c.uniqueId === nodeId) known.add(c.name);
  for (const e of graph.columnEdges) {
    if (e.childId === nodeId) known.add(e.childColumn);
    if (e.parentId === nodeId) known.add(e.parentColumn);
  }
  const match = [...known].find((name) => name.toLowerCase() === wanted.toLowerCase());
  if (match !== undefined) return match;
  throw new LdpError({
    code: 'LDP712',
    message: `node '${nodeId}' has no column '${wanted}' in the stored lineage`,
    hint:
      didYouMeanHint(wanted, known) ??
      (known.size === 0
        ? 'No column lineage is stored for this node.'
        : `Its columns: ${[...known].sort().join(', ')}.`),
  });
}
