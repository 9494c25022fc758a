// @ts-check
// Which nodes the graph draws. Only the focused node's neighbourhood (up to a depth, nearest
// first, at most DRAW_LIMIT nodes), so a 5,000-model project stays responsive; the whole graph
// only when asked for. Tests are never drawn: they would double the graph and say nothing about flow.

const DRAW_LIMIT = 250;

/**
 * @typedef {object} GraphSelection
 * @property {number[]} nodes  drawn nodes, nearest to the focus first
 * @property {Set<number>} upstream
 * @property {Set<number>} downstream
 * @property {number} total  nodes in the neighbourhood before the limit
 */

/**
 * @param {Site} site
 * @param {number} focus
 * @param {number} depth
 * @param {Direction} direction
 * @returns {GraphSelection}
 */
function neighbourhood(site, focus, depth, direction) {
  const up = direction === 'down' ? new Map() : walk(site, site.parents, focus, depth);
  const down = direction === 'up' ? new Map() : walk(site, site.children, focus, depth);
  const byDistance = [...up, ...down].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([index]) => index);
  const nodes = [focus, ...byDistance].slice(0, DRAW_LIMIT);
  return {
    nodes,
    upstream: new Set(up.keys()),
    downstream: new Set(down.keys()),
    total: 1 + byDistance.length,
  };
}

/**
 * Every drawable node, for the whole graph.
 * @param {Site} site
 * @returns {GraphSelection}
 */
function wholeGraph(site) {
  const nodes = site.nodes.flatMap((node, index) => (isDrawn(node) ? [index] : []));
  return { nodes, upstream: new Set(), downstream: new Set(), total: nodes.length };
}

/**
 * Breadth-first distances from `start` along `adjacency`, up to `depth` steps.
 * @param {Site} site
 * @param {number[][]} adjacency
 * @param {number} start
 * @param {number} depth
 */
function walk(site, adjacency, start, depth) {
  /** @type {Map<number, number>} */
  const distance = new Map();
  let frontier = [start];
  for (let step = 1; step <= depth && frontier.length > 0; step += 1) {
    /** @type {number[]} */
    const next = [];
    for (const index of frontier) {
      for (const neighbour of adjacency[index]) {
        if (neighbour === start || distance.has(neighbour) || !isDrawn(site.nodes[neighbour])) continue;
        distance.set(neighbour, step);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return distance;
}

/**
 * Edges between drawn nodes, as `[parent, child]`.
 * @param {Site} site
 * @param {readonly number[]} drawn
 */
function drawnEdges(site, drawn) {
  const shown = new Set(drawn);
  /** @type {[number, number][]} */
  const edges = [];
  for (const parent of drawn) {
    for (const child of site.children[parent]) if (shown.has(child)) edges.push([parent, child]);
  }
  return edges;
}

/** @param {SiteNode} node */
function isDrawn(node) {
  return node.type !== 'test';
}
