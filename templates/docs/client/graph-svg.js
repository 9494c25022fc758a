// @ts-check
// Draws a laid-out graph as SVG: edges first, then column edges, then nodes on top.

/**
 * @typedef {object} Scene
 * @property {Layout} layout
 * @property {readonly [number, number][]} edges
 * @property {ColumnEdge[]} columnEdges
 * @property {number | undefined} focus
 * @property {Set<number>} upstream
 * @property {Set<number>} downstream
 */

/**
 * @param {Site} site
 * @param {Scene} scene
 * @returns {{ svg: SVGSVGElement, viewport: SVGGElement }}
 */
function drawGraph(site, scene) {
  const placed = new Map(scene.layout.nodes.map((node) => [node.index, node]));
  const edges = s(
    'g',
    { class: 'edges' },
    scene.edges.map(([parent, child]) =>
      edgePath(placed, parent, child, edgeDirection(scene, parent, child)),
    ),
  );
  const columnEdges = s(
    'g',
    { class: 'column-edges' },
    scene.columnEdges.map((edge) => columnEdgePath(placed, edge)),
  );
  const nodes = s(
    'g',
    { class: 'nodes' },
    scene.layout.nodes.map((node) => nodeShape(site.nodes[node.index], node, node.index === scene.focus)),
  );
  const viewport = s('g', { class: 'viewport' }, edges, columnEdges, nodes);
  const svg = s(
    'svg',
    { class: 'graph', role: 'img', 'aria-label': 'Lineage graph' },
    arrowMarker(),
    viewport,
  );
  return { svg, viewport };
}

/**
 * @param {Scene} scene
 * @param {number} parent
 * @param {number} child
 */
function edgeDirection(scene, parent, child) {
  if (child === scene.focus || scene.upstream.has(child)) return 'upstream';
  if (parent === scene.focus || scene.downstream.has(parent)) return 'downstream';
  return 'other';
}

function arrowMarker() {
  return s(
    'defs',
    {},
    s(
      'marker',
      {
        id: 'arrow',
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
      },
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }),
    ),
  );
}

/**
 * @param {Map<number, PlacedNode>} placed
 * @param {number} parent
 * @param {number} child
 * @param {string} direction
 */
function edgePath(placed, parent, child, direction) {
  const from = placed.get(parent);
  const to = placed.get(child);
  if (!from || !to) return null;
  const d = curve(from.x + from.width, from.y + NODE_HEADER / 2, to.x, to.y + NODE_HEADER / 2);
  return s('path', {
    class: `edge ${direction}`,
    d,
    'marker-end': 'url(#arrow)',
    'data-parent': parent,
    'data-child': child,
  });
}

/**
 * @param {Map<number, PlacedNode>} placed
 * @param {ColumnEdge} edge
 */
function columnEdgePath(placed, edge) {
  const from = placed.get(edge.parent);
  const to = placed.get(edge.child);
  if (!from || !to) return null;
  const d = curve(from.x + from.width, columnY(from, edge.parentColumn), to.x, columnY(to, edge.childColumn));
  const key = columnEdgeKey(edge.child, edge.childColumn, edge.parent, edge.parentColumn);
  return s(
    'path',
    { class: `column-edge kind-${edge.kind}`, d, 'data-key': key },
    s('title', {}, `${edge.parentColumn} → ${edge.childColumn} (${edge.kind})`),
  );
}

/**
 * The vertical middle of a column's row inside a placed node.
 * @param {PlacedNode} node
 * @param {string} column
 */
function columnY(node, column) {
  const row = node.columns.findIndex((name) => name.toLowerCase() === column.toLowerCase());
  return node.y + NODE_HEADER + Math.max(0, row) * COLUMN_ROW + COLUMN_ROW / 2;
}

/**
 * A left-to-right cubic curve.
 * @param {number} x1
 * @param {number} y1
 * @param {number} x2
 * @param {number} y2
 */
function curve(x1, y1, x2, y2) {
  const bend = Math.max(24, Math.abs(x2 - x1) / 2);
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}

/**
 * @param {SiteNode} node
 * @param {PlacedNode} place
 * @param {boolean} focused
 */
function nodeShape(node, place, focused) {
  const rows = place.columns.map((column, row) =>
    s(
      'g',
      { class: 'column', 'data-column': column, transform: `translate(0,${NODE_HEADER + row * COLUMN_ROW})` },
      s('rect', { class: 'column-row', x: 1, y: 0, width: place.width - 2, height: COLUMN_ROW }),
      s('text', { x: 12, y: COLUMN_ROW / 2 + 4 }, fitText(column, place.width - 24, COLUMN_FONT)),
    ),
  );
  return s(
    'g',
    {
      class: `node ${colourClass(node)}${focused ? ' focus' : ''}`,
      'data-index': place.index,
      'data-id': node.id,
      transform: `translate(${place.x},${place.y})`,
    },
    s('title', {}, `${node.label} (${node.type})`),
    s('rect', { class: 'node-box', width: place.width, height: place.height, rx: 6 }),
    s('rect', {
      class: 'node-stripe',
      width: 6,
      height: place.height,
      rx: 3,
      ...(node.color ? { style: `fill: ${node.color}` } : {}),
    }),
    s('text', { class: 'node-label', x: 14, y: NODE_HEADER / 2 + 4 }, place.label),
    rows,
  );
}
