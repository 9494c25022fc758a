// @ts-check
// Where each drawn node goes: left to right, parents before children. dagre (with its crossing
// reduction) lays out neighbourhoods; its cost grows much faster than linearly, so the whole
// graph of a large project gets a simple layered layout: longest-path ranks, barycenter order.

/** Fonts of node labels and column names: `.node-label` and `.column text` in style/graph.css use the same. */
const LABEL_FONT = '600 13px system-ui, -apple-system, "Segoe UI", sans-serif';
const COLUMN_FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
const NODE_HEADER = 34;
const COLUMN_ROW = 20;
const COLUMN_PADDING = 6;
const NODE_MIN_WIDTH = 120;
const NODE_MAX_WIDTH = 300;
const TEXT_PADDING = 34;
const RANK_GAP = 64;
const NODE_GAP = 14;

/** @typedef {{ index: number, label: string, columns: string[], x: number, y: number, width: number, height: number }} PlacedNode */
/** @typedef {{ nodes: PlacedNode[], width: number, height: number }} Layout */

/**
 * @param {Site} site
 * @param {readonly number[]} drawn
 * @param {readonly [number, number][]} edges
 * @param {Map<number, string[]> | undefined} columns  shown columns, in column mode
 * @returns {Layout}
 */
function layoutGraph(site, drawn, edges, columns) {
  const nodes = drawn.map((index) => sizeNode(site.nodes[index], index, columns?.get(index) ?? []));
  return nodes.length <= DRAW_LIMIT ? dagreLayout(nodes, edges) : layeredLayout(nodes, edges);
}

/**
 * @param {SiteNode} node
 * @param {number} index
 * @param {string[]} columns
 * @returns {PlacedNode}
 */
function sizeNode(node, index, columns) {
  const widest = Math.max(
    textWidth(node.label, LABEL_FONT),
    ...columns.map((c) => textWidth(c, COLUMN_FONT)),
  );
  const width = Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, widest + TEXT_PADDING));
  const label = fitText(node.label, width - TEXT_PADDING, LABEL_FONT);
  const height = NODE_HEADER + (columns.length > 0 ? columns.length * COLUMN_ROW + COLUMN_PADDING : 0);
  return { index, label, columns, x: 0, y: 0, width, height };
}

/**
 * @param {PlacedNode[]} nodes
 * @param {readonly [number, number][]} edges
 * @returns {Layout}
 */
function dagreLayout(nodes, edges) {
  const graph = new dagre.graphlib.Graph();
  // network-simplex gives the tidiest ranks but slows down past a hundred nodes or so.
  const ranker = nodes.length <= 120 ? 'network-simplex' : 'tight-tree';
  graph.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 20, marginy: 20, ranker });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(String(node.index), { width: node.width, height: node.height });
  for (const [parent, child] of edges) graph.setEdge(String(parent), String(child));
  dagre.layout(graph);
  for (const node of nodes) {
    const placed = graph.node(String(node.index));
    node.x = placed.x - node.width / 2;
    node.y = placed.y - node.height / 2;
  }
  const size = graph.graph();
  return { nodes, width: size.width ?? 0, height: size.height ?? 0 };
}

/**
 * @param {PlacedNode[]} nodes
 * @param {readonly [number, number][]} edges
 * @returns {Layout}
 */
function layeredLayout(nodes, edges) {
  const ranks = rankNodes(nodes, edges);
  const parents = new Map(nodes.map((node) => [node.index, /** @type {number[]} */ ([])]));
  for (const [parent, child] of edges) parents.get(child)?.push(parent);
  /** @type {Map<number, number>} */
  const slot = new Map();
  let x = 20;
  let height = 0;
  for (const rank of ranks) {
    const barycenter = (/** @type {PlacedNode} */ node) => {
      const known = (parents.get(node.index) ?? []).filter((p) => slot.has(p)).map((p) => slot.get(p) ?? 0);
      return known.length === 0 ? Number.MAX_SAFE_INTEGER : known.reduce((a, b) => a + b, 0) / known.length;
    };
    rank.sort((a, b) => barycenter(a) - barycenter(b) || a.index - b.index);
    let y = 20;
    rank.forEach((node, position) => {
      slot.set(node.index, position);
      node.x = x;
      node.y = y;
      y += node.height + NODE_GAP;
    });
    x += Math.max(...rank.map((node) => node.width)) + RANK_GAP;
    height = Math.max(height, y);
  }
  return { nodes, width: x, height: height + 20 };
}

/**
 * Nodes grouped by longest-path rank from the roots (Kahn's algorithm).
 * @param {PlacedNode[]} nodes
 * @param {readonly [number, number][]} edges
 */
function rankNodes(nodes, edges) {
  const rank = new Map(nodes.map((node) => [node.index, 0]));
  const indegree = new Map(nodes.map((node) => [node.index, 0]));
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const [parent, child] of edges) {
    indegree.set(child, (indegree.get(child) ?? 0) + 1);
    pushTo(children, parent, child);
  }
  const queue = nodes.filter((node) => indegree.get(node.index) === 0).map((node) => node.index);
  for (let i = 0; i < queue.length; i += 1) {
    const parent = queue[i];
    for (const child of children.get(parent) ?? []) {
      rank.set(child, Math.max(rank.get(child) ?? 0, (rank.get(parent) ?? 0) + 1));
      indegree.set(child, (indegree.get(child) ?? 0) - 1);
      if (indegree.get(child) === 0) queue.push(child);
    }
  }
  /** @type {PlacedNode[][]} */
  const groups = [];
  for (const node of nodes) {
    const at = rank.get(node.index) ?? 0;
    groups[at] = groups[at] ?? [];
    groups[at].push(node);
  }
  return groups.filter(Boolean);
}

/** @type {CanvasRenderingContext2D | null} */
let measuringContext = null;

/**
 * @param {string} text
 * @param {string} font
 */
function textWidth(text, font) {
  measuringContext ??= document.createElement('canvas').getContext('2d');
  if (!measuringContext) return text.length * 8;
  measuringContext.font = font;
  return measuringContext.measureText(text).width;
}

/**
 * The text, cut with an ellipsis to fit `width` pixels.
 * @param {string} text
 * @param {number} width
 * @param {string} font
 */
function fitText(text, width, font) {
  if (textWidth(text, font) <= width) return text;
  let length = text.length;
  while (length > 1 && textWidth(`${text.slice(0, length)}…`, font) > width) length -= 1;
  return `${text.slice(0, length)}…`;
}
