// @ts-check
// The start page: the project's `__overview__` docs block, node counts and test results.

/**
 * @param {Site} site
 * @param {HTMLElement} main
 */
function renderOverview(site, main) {
  const project = site.data.project;
  document.title = `${project.name} · ldp docs`;
  const overview = project.overviewHtml
    ? trustedHtml('markdown', project.overviewHtml)
    : h(
        'p',
        { class: 'muted' },
        'This project has no overview yet: write a {% docs __overview__ %} block in a .md file under models/.',
      );
  replaceContent(
    main,
    h('h1', {}, project.name),
    overview,
    h('h2', {}, 'Contents'),
    countCards(site),
    h('h2', {}, 'Data tests'),
    testSummary(site),
    h('p', {}, h('a', { href: graphHash({}), class: 'button' }, 'Open the lineage graph')),
  );
}

/** @param {Site} site */
function countCards(site) {
  const counts = site.data.project.counts;
  return h(
    'div',
    { class: 'cards' },
    TYPE_ORDER.map((type) =>
      h('div', { class: `card type-${type}` }, h('strong', {}, formatCount(counts[type])), ` ${type}s`),
    ),
  );
}

/** @param {Site} site */
function testSummary(site) {
  /** @type {Record<string, number>} */
  const byStatus = { pass: 0, warn: 0, fail: 0, error: 0, 'not-run': 0 };
  for (const node of site.nodes) {
    if (node.type !== 'test') continue;
    byStatus[node.test?.result?.status ?? 'not-run'] += 1;
  }
  return h(
    'div',
    { class: 'cards' },
    Object.entries(byStatus).map(([status, count]) =>
      h(
        'div',
        { class: `card status-${status}` },
        h('strong', {}, formatCount(count)),
        ` ${status.replace('-', ' ')}`,
      ),
    ),
  );
}
