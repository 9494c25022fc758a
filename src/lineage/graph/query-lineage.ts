import { LdpError } from '../../errors/index.js';
import { compareText } from '../compare-text.js';
import type { ColumnLineageEdge } from '../types.js';
import { findLineageColumn, findLineageNode } from './find-node.js';
import type {
  LineageGraphInput,
  LineageGraphNode,
  LineageLink,
  LineageQuery,
  LineageSubgraph,
  LineageVertex,
} from './graph-types.js';

interface Step {
  readonly vertex: Omit<LineageVertex, 'distance' | 'node'>;
  readonly link: LineageLink;
}

type Neighbours = (key: string, upstream: boolean) => Step[];

/**
 * The nodes (or, with `column`, the columns) upstream and/or downstream of a node in the stored
 * lineage graph, up to `depth` hops. Pure; vertices and links come out sorted.
 */
export function queryLineage(graph: LineageGraphInput, query: LineageQuery): LineageSubgraph {
  checkDepth(query.depth);
  const node = findLineageNode(graph, query.node);
  const column =
    query.column === undefined ? undefined : findLineageColumn(graph, node.uniqueId, query.column);
  const root =
    column === undefined
      ? { key: node.uniqueId, nodeId: node.uniqueId }
      : columnVertex(node.uniqueId, column);
  const neighbours = column === undefined ? tableNeighbours(graph) : columnNeighbours(graph);
  const nodes = new Map(graph.nodes.map((n) => [n.uniqueId, n]));
  const reached = new Map<string, LineageVertex>();
  const links = new Map<string, LineageLink>();
  for (const upstream of directions(query.direction)) {
    const walked = walk(root, (key) => neighbours(key, upstream), query.depth);
    for (const [key, { vertex, distance }] of walked.reached) {
      const known = reached.get(key);
      if (!known || known.distance > distance) reached.set(key, withNode(vertex, distance, nodes));
    }
    for (const link of walked.links) links.set(`${link.from}\u0000${link.to}\u0000${link.kind ?? ''}`, link);
  }
  return {
    level: column === undefined ? 'table' : 'column',
    direction: query.direction,
    ...(query.depth === undefined ? {} : { depth: query.depth }),
    root: root.key,
    vertices: [...reached.values()].sort((a, b) => compareText(a.key, b.key)),
    links: [...links.values()].sort(
      (a, b) =>
        compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.kind ?? '', b.kind ?? ''),
    ),
  };
}

/** Breadth first from `root`, up to `depth` hops: each vertex with its fewest hops, and the links taken. */
function walk(
  root: Step['vertex'],
  neighbours: (key: string) => Step[],
  depth: number | undefined,
): { reached: Map<string, { vertex: Step['vertex']; distance: number }>; links: LineageLink[] } {
  const reached = new Map([[root.key, { vertex: root, distance: 0 }]]);
  const links: LineageLink[] = [];
  let frontier = [root.key];
  for (let distance = 1; frontier.length > 0 && (depth === undefined || distance <= depth); distance++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const step of neighbours(key)) {
        links.push(step.link);
        if (reached.has(step.vertex.key)) continue;
        reached.set(step.vertex.key, { vertex: step.vertex, distance });
        next.push(step.vertex.key);
      }
    }
    frontier = next;
  }
  return { reached, links };
}

function tableNeighbours(graph: LineageGraphInput): Neighbours {
  const parents = group(graph.edges, (e) => e.childId);
  const children = group(graph.edges, (e) => e.parentId);
  return (key, upstream) =>
    upstream
      ? (parents.get(key.toLowerCase()) ?? []).map((e) => ({
          vertex: { key: e.parentId, nodeId: e.parentId },
          link: linkOf(e),
        }))
      : (children.get(key.toLowerCase()) ?? []).map((e) => ({
          vertex: { key: e.childId, nodeId: e.childId },
          link: linkOf(e),
        }));
}

function linkOf(edge: { parentId: string; childId: string }): LineageLink {
  return { from: edge.parentId, to: edge.childId };
}

function columnNeighbours(graph: LineageGraphInput): Neighbours {
  const parents = group(graph.columnEdges, (e) => columnKey(e.childId, e.childColumn));
  const children = group(graph.columnEdges, (e) => columnKey(e.parentId, e.parentColumn));
  const step = (e: ColumnLineageEdge, upstream: boolean): Step => {
    const from = columnVertex(e.parentId, e.parentColumn);
    const to = columnVertex(e.childId, e.childColumn);
    return { vertex: upstream ? from : to, link: { from: from.key, to: to.key, kind: e.kind } };
  };
  return (key, upstream) =>
    ((upstream ? parents : children).get(key.toLowerCase()) ?? []).map((e) => step(e, upstream));
}

function columnVertex(nodeId: string, column: string): Step['vertex'] {
  return { key: columnKey(nodeId, column), nodeId, column };
}

function columnKey(nodeId: string, column: string): string {
  return `${nodeId}.${column}`;
}

function group<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item).toLowerCase();
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function withNode(
  vertex: Step['vertex'],
  distance: number,
  nodes: ReadonlyMap<string, LineageGraphNode>,
): LineageVertex {
  const node = nodes.get(vertex.nodeId);
  return { ...vertex, ...(node ? { node } : {}), distance };
}

function directions(direction: LineageQuery['direction']): boolean[] {
  switch (direction) {
    case 'upstream':
      return [true];
    case 'downstream':
      return [false];
    case 'both':
      return [true, false];
  }
}

function checkDepth(depth: number | undefined): void {
  if (depth === undefined || (Number.isInteger(depth) && depth >= 0)) return;
  throw new LdpError({
    code: 'LDP713',
    message: `lineage depth must be a whole number of hops, 0 or more; got ${depth}`,
    hint: 'Leave the depth out to follow the lineage all the way.',
  });
}
