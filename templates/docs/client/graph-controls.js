// @ts-check
// The graph's toolbar, legend and side panel (the focused node, its columns, a column's trail).

/** @type {readonly [string, number][]} */
const DEPTHS = [
  ['1', 1],
  ['2', 2],
  ['3', 3],
  ['4', 4],
  ['5', 5],
  ['all', ALL_LEVELS],
];

const EDGE_KINDS = ['copy', 'transform', 'aggregate', 'filter', 'join'];

/**
 * @param {Site} site
 * @param {GraphRoute} route
 * @param {number | undefined} focus
 * @param {GraphSelection | null} selection
 * @param {() => void} fit
 */
function graphToolbar(site, route, focus, selection, fit) {
  const go = (/** @type {Partial<GraphRoute>} */ change) => {
    location.hash = graphHash({ ...route, ...change });
  };
  const focusNode = focus === undefined ? undefined : site.nodes[focus];
  const depth = h('select', {
    'aria-label': 'Depth',
    name: 'depth',
    disabled: focus === undefined || route.whole,
  });
  for (const [label, value] of DEPTHS)
    depth.append(h('option', { value: label, selected: value === route.depth }, label));
  depth.addEventListener('change', () => go({ depth: DEPTHS.find(([label]) => label === depth.value)?.[1] }));
  const direction = h('select', {
    'aria-label': 'Direction',
    name: 'direction',
    disabled: focus === undefined || route.whole,
  });
  for (const [value, label] of [
    ['both', 'up and downstream'],
    ['up', 'upstream'],
    ['down', 'downstream'],
  ]) {
    direction.append(h('option', { value, selected: value === route.direction }, label));
  }
  direction.addEventListener('change', () => go({ direction: /** @type {Direction} */ (direction.value) }));
  const columns = h(
    'button',
    {
      type: 'button',
      class: 'toggle',
      'data-action': 'columns',
      disabled: focus === undefined || route.whole,
    },
    'Column lineage',
  );
  columns.setAttribute('aria-pressed', String(route.columns));
  columns.addEventListener('click', () => go({ columns: !route.columns }));
  return h(
    'div',
    { class: 'toolbar' },
    h('h1', {}, focusNode ? `Lineage of ${focusNode.label}` : 'Lineage graph'),
    h('label', {}, 'Depth ', depth),
    direction,
    columns,
    h('button', { type: 'button', onclick: fit }, 'Fit'),
    route.whole ? null : h('a', { href: graphHash({ whole: true }), class: 'button subtle' }, 'Whole graph'),
    h('span', { class: 'graph-status' }, selectionStatus(selection)),
  );
}

/** @param {GraphSelection | null} selection */
function selectionStatus(selection) {
  if (!selection) return '';
  const shown = `${formatCount(selection.nodes.length)} node${selection.nodes.length === 1 ? '' : 's'}`;
  if (selection.total <= selection.nodes.length) return shown;
  return `${shown} of ${formatCount(selection.total)} (nearest first): lower the depth to see less`;
}

/** @param {boolean} columns */
function graphLegend(columns) {
  const swatches = [
    ['layer-bronze', 'bronze'],
    ['layer-silver', 'silver'],
    ['layer-gold', 'gold'],
    ['layer-other', 'other layer'],
    ['kind-source', 'source'],
    ['kind-exposure', 'exposure'],
  ].map(([colour, label]) =>
    h('span', { class: 'legend-item' }, h('span', { class: `dot ${colour}` }), label),
  );
  const kinds = columns
    ? EDGE_KINDS.map((kind) =>
        h('span', { class: 'legend-item' }, h('span', { class: `line kind-${kind}` }), kind),
      )
    : [];
  return h('div', { class: 'legend' }, swatches, kinds);
}

/**
 * @param {Site} site
 * @param {HTMLElement} panel
 * @param {GraphRoute} route
 * @param {number | undefined} focus
 * @param {(node: number, column: string) => void} trace
 */
function renderPanel(site, panel, route, focus, trace) {
  if (focus === undefined) {
    replaceContent(
      panel,
      h('p', { class: 'muted' }, 'Click a node to focus on its lineage. Drag to move, scroll to zoom.'),
    );
    return;
  }
  const node = site.nodes[focus];
  const columns = route.columns ? columnNames(site, focus) : [];
  replaceContent(
    panel,
    h('h2', {}, h('span', { class: `dot ${colourClass(node)}` }), node.label),
    h('div', { class: 'badges' }, typeBadge(node.type), layerBadge(node)),
    node.descriptionHtml ? trustedHtml('markdown clipped', node.descriptionHtml) : null,
    h('p', {}, h('a', { href: nodeHash(node.id), class: 'button', 'data-action': 'open-page' }, 'Open page')),
    route.columns ? h('h3', {}, 'Columns') : null,
    route.columns && columns.length === 0
      ? h('p', { class: 'muted' }, 'No columns are known for this node yet.')
      : null,
    h(
      'ul',
      { class: 'column-list' },
      columns.map((name) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', 'data-node': focus, 'data-column': name, onclick: () => trace(focus, name) },
            name,
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'trail' },
      route.columns ? h('p', { class: 'muted' }, 'Click a column to trace it.') : null,
    ),
  );
}

/**
 * @param {Site} site
 * @param {number} node
 * @param {string} column
 * @param {{ upstream: TrailStep[], downstream: TrailStep[] }} trail
 */
function trailList(site, node, column, trail) {
  const step = (/** @type {TrailStep} */ item) =>
    h(
      'li',
      {},
      h(
        'a',
        { href: graphHash({ id: site.nodes[item.node].id, columns: true }) },
        `${site.nodes[item.node].label}.${item.column}`,
      ),
      h('span', { class: `kind kind-${item.kind}` }, item.kind),
    );
  return [
    h('h3', {}, `${site.nodes[node].label}.${column}`),
    h('h4', {}, 'Comes from'),
    trail.upstream.length
      ? h('ul', { class: 'trail-list upstream' }, trail.upstream.map(step))
      : h('p', { class: 'muted' }, 'No recorded source column.'),
    h('h4', {}, 'Feeds'),
    trail.downstream.length
      ? h('ul', { class: 'trail-list downstream' }, trail.downstream.map(step))
      : h('p', { class: 'muted' }, 'No recorded downstream column.'),
  ];
}
