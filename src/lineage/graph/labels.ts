import type { LineageGraphNode, LineageVertex } from './graph-types.js';

/** A node's short name: `stg_trips` for models, `raw.trips` (source.table) for sources. */
export function shortName(vertex: LineageVertex): string {
  const node = vertex.node;
  if (!node) return vertex.nodeId;
  if (node.resourceType === 'source') {
    const parts = node.uniqueId.split('.');
    return parts.length > 3 ? parts.slice(2).join('.') : node.name;
  }
  return node.name;
}

/** `model, silver`: resource type and layer, or `not in the graph` for a node only an edge names. */
export function kindAndLayer(node: LineageGraphNode | undefined): string {
  if (!node) return 'not in the graph';
  return node.layer ? `${node.resourceType}, ${node.layer}` : node.resourceType;
}

/** `stg_trips` or `stg_trips.fare`. */
export function vertexName(vertex: LineageVertex): string {
  return vertex.column === undefined ? shortName(vertex) : `${shortName(vertex)}.${vertex.column}`;
}

/** `stg_trips.fare (model, silver)`. */
export function vertexLabel(vertex: LineageVertex): string {
  return `${vertexName(vertex)} (${kindAndLayer(vertex.node)})`;
}
