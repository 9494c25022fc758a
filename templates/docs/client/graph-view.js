// @ts-check
// The lineage graph view: toolbar, canvas and side panel around the focused node.

/** @typedef {Extract<Route, { view: 'graph' }>} GraphRoute */
/** @typedef {{ view: string, nodes?: number, edges?: number, ms: number }} RenderDetail */

/**
 * @param {Site} site
 * @param {HTMLElement} main
 * @param {GraphRoute} route
 * @param {(detail: RenderDetail) => void} onRendered
 */
function renderGraphView(site, main, route, onRendered) {
  const started = performance.now();
  const focus = route.id === undefined ? undefined : site.indexOf.get(route.id);
  if (route.id !== undefined && focus === undefined) {
    replaceContent(
      main,
      h('h1', {}, 'Unknown node'),
      h('p', {}, `No node has the id ${route.id}. `, overviewLink()),
    );
    return onRendered({ view: 'graph', ms: performance.now() - started });
  }
  const selection = chooseSelection(site, focus, route);
  const canvas = h('div', { class: 'canvas' });
  const panel = h('aside', { class: 'graph-panel', 'aria-label': 'Selected node' });
  const controls = { fit: () => {} };
  replaceContent(
    main,
    h(
      'div',
      { class: 'graph-view' },
      graphToolbar(site, route, focus, selection, () => controls.fit()),
      h('div', { class: 'graph-body' }, canvas, panel),
      graphLegend(route.columns),
    ),
  );
  if (!selection) {
    replaceContent(canvas, graphPrompt(site));
    renderPanel(site, panel, route, undefined, () => {});
    return onRendered({ view: 'graph', nodes: 0, ms: performance.now() - started });
  }
  const draw = () => {
    const drawn = drawSelection(site, canvas, route, focus, selection);
    controls.fit = drawn.fit;
    renderPanel(site, panel, route, focus, drawn.trace);
    onRendered({
      view: 'graph',
      nodes: selection.nodes.length,
      edges: drawn.edges,
      ms: performance.now() - started,
    });
  };
  if (selection.nodes.length <= DRAW_LIMIT) return draw();
  // Let the message paint before a long layout blocks the page.
  replaceContent(
    canvas,
    h('p', { class: 'canvas-message' }, `Laying out ${formatCount(selection.nodes.length)} nodes…`),
  );
  setTimeout(draw, 30);
}

/**
 * The focus's neighbourhood; the whole graph when asked for, or when it is small enough to draw.
 * @param {Site} site
 * @param {number | undefined} focus
 * @param {GraphRoute} route
 */
function chooseSelection(site, focus, route) {
  if (route.whole) return wholeGraph(site);
  if (focus !== undefined) return neighbourhood(site, focus, route.depth, route.direction);
  const whole = wholeGraph(site);
  return whole.nodes.length <= DRAW_LIMIT && whole.nodes.length > 0 ? whole : null;
}

/**
 * Lays out and draws the selection; returns the controls the toolbar and panel use.
 * @param {Site} site
 * @param {HTMLElement} canvas
 * @param {GraphRoute} route
 * @param {number | undefined} focus
 * @param {GraphSelection} selection
 */
function drawSelection(site, canvas, route, focus, selection) {
  const edges = drawnEdges(site, selection.nodes);
  const columns =
    route.columns && focus !== undefined ? shownColumns(site, focus, selection.nodes) : undefined;
  const layout = layoutGraph(site, selection.nodes, edges, columns);
  const columnEdges = columns ? shownColumnEdges(site, columns) : [];
  const scene = {
    layout,
    edges,
    columnEdges,
    focus,
    upstream: selection.upstream,
    downstream: selection.downstream,
  };
  const { svg, viewport } = drawGraph(site, scene);
  replaceContent(canvas, svg);
  const view = attachViewport(svg, viewport, layout);
  view.fit();
  /** @type {(node: number, column: string) => void} */
  const trace = (node, column) => showTrail(site, svg, node, column);
  svg.addEventListener('click', (event) => {
    if (view.wasDrag() || !(event.target instanceof Element)) return;
    const shape = event.target.closest('[data-index]');
    if (!shape) return;
    const index = Number(shape.getAttribute('data-index'));
    const column = event.target.closest('[data-column]')?.getAttribute('data-column');
    if (column) trace(index, column);
    else if (index !== focus) location.hash = graphHash({ ...route, id: site.nodes[index].id, whole: false });
  });
  return { fit: view.fit, trace, edges: edges.length };
}

/**
 * Lights a column's trail in the drawing and lists it in the panel.
 * @param {Site} site
 * @param {SVGSVGElement} svg
 * @param {number} node
 * @param {string} column
 */
function showTrail(site, svg, node, column) {
  const trail = columnTrail(site, node, column);
  const lit = new Set([columnKey(node, column)]);
  for (const step of [...trail.upstream, ...trail.downstream]) lit.add(columnKey(step.node, step.column));
  svg.classList.add('tracing');
  for (const row of svg.querySelectorAll('.column')) {
    const owner = Number(row.closest('[data-index]')?.getAttribute('data-index'));
    const key = columnKey(owner, row.getAttribute('data-column') ?? '');
    row.classList.toggle('lit', lit.has(key));
    row.classList.toggle('selected', key === columnKey(node, column));
  }
  for (const edge of svg.querySelectorAll('.column-edge')) {
    edge.classList.toggle('lit', trail.edges.has(edge.getAttribute('data-key') ?? ''));
  }
  for (const button of document.querySelectorAll('.column-list button')) {
    const key = columnKey(Number(button.getAttribute('data-node')), button.getAttribute('data-column') ?? '');
    button.setAttribute('aria-pressed', String(key === columnKey(node, column)));
  }
  const panel = document.querySelector('.graph-panel .trail');
  if (panel) replaceContent(panel, trailList(site, node, column, trail));
}

/** @param {Site} site */
function graphPrompt(site) {
  const count = wholeGraph(site).nodes.length;
  if (count === 0) return h('p', { class: 'canvas-message' }, 'This project has no nodes to draw.');
  return h(
    'div',
    { class: 'canvas-message' },
    h('p', {}, `The graph has ${formatCount(count)} nodes, more than can be drawn at once.`),
    h('p', {}, 'Pick a node in the list on the left, or search for one, to see its lineage.'),
    h('p', {}, h('a', { href: graphHash({ whole: true }), class: 'button' }, 'Draw the whole graph anyway')),
  );
}
