// @ts-check
// The left column: the search box, the kind filter and the list of matching nodes.

/** Rows drawn at once; a longer list asks for a narrower search instead of drawing thousands. */
const LIST_LIMIT = 200;

/**
 * @param {Site} site
 * @param {HTMLElement} container
 */
function mountSidebar(site, container) {
  const order = listOrder(site);
  const state = { query: '', type: /** @type {SiteNodeType | 'all'} */ ('all') };
  const list = h('nav', { class: 'results', 'aria-label': 'Nodes' });
  const input = h('input', {
    type: 'search',
    id: 'search',
    placeholder: 'Search name, description, tag, column…',
    'aria-label': 'Search nodes',
    autocomplete: 'off',
  });
  const refresh = () => renderResults(site, list, searchNodes(site, order, state.query, state.type));
  input.addEventListener('input', () => {
    state.query = input.value;
    refresh();
  });
  input.addEventListener('keydown', (event) => {
    const first = list.querySelector('a');
    if (event.key === 'Enter' && first) location.hash = first.getAttribute('href') ?? '';
  });
  const chips = typeChips(site, (type) => {
    state.type = type;
    refresh();
  });
  replaceContent(container, input, chips, list);
  refresh();
}

/**
 * @param {Site} site
 * @param {(type: SiteNodeType | 'all') => void} onPick
 */
function typeChips(site, onPick) {
  const counts = site.data.project.counts;
  /** @type {(SiteNodeType | 'all')[]} */
  const types = ['all', ...TYPE_ORDER.filter((type) => counts[type] > 0)];
  const bar = h('div', { class: 'chips', role: 'group', 'aria-label': 'Kind' });
  for (const type of types) {
    const count = type === 'all' ? site.nodes.length : counts[type];
    const chip = h('button', { type: 'button', class: 'chip', 'data-type': type }, `${type} ${count}`);
    chip.setAttribute('aria-pressed', String(type === 'all'));
    chip.addEventListener('click', () => {
      for (const other of bar.querySelectorAll('button')) other.setAttribute('aria-pressed', 'false');
      chip.setAttribute('aria-pressed', 'true');
      onPick(type);
    });
    bar.append(chip);
  }
  return bar;
}

/**
 * @param {Site} site
 * @param {HTMLElement} list
 * @param {number[]} matches
 */
function renderResults(site, list, matches) {
  const rows = matches.slice(0, LIST_LIMIT).map((index) => {
    const node = site.nodes[index];
    return h(
      'a',
      { href: nodeHash(node.id), class: 'result', 'data-id': node.id },
      h('span', { class: `dot ${colourClass(node)}` }),
      h('span', { class: 'result-name' }, node.label),
      h('span', { class: 'result-type' }, node.type),
    );
  });
  const more = matches.length - rows.length;
  replaceContent(
    list,
    h(
      'p',
      { class: 'result-count' },
      `${formatCount(matches.length)} match${matches.length === 1 ? '' : 'es'}`,
    ),
    rows,
    more > 0 ? h('p', { class: 'result-more' }, `${formatCount(more)} more: refine the search`) : null,
  );
  markCurrent(list);
}

/**
 * Marks the row of the node being shown.
 * @param {ParentNode} [root]
 */
function markCurrent(root = document) {
  const route = parseRoute(location.hash);
  const id = route.view === 'overview' ? undefined : route.id;
  for (const row of root.querySelectorAll('.results a')) {
    if (row.getAttribute('data-id') === id) row.setAttribute('aria-current', 'page');
    else row.removeAttribute('aria-current');
  }
}
