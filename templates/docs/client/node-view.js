// @ts-check
// A node's page: what it is, where it lives, its columns, tests, SQL and table history.

/** Dependencies listed before a "more" line: a source may feed hundreds of models. */
const LINK_LIMIT = 50;

/**
 * @param {Site} site
 * @param {HTMLElement} main
 * @param {string} id
 */
function renderNodePage(site, main, id) {
  const index = site.indexOf.get(id);
  if (index === undefined) {
    replaceContent(
      main,
      h('h1', {}, 'Unknown node'),
      h('p', {}, `No node has the id ${id}. `, overviewLink()),
    );
    return;
  }
  const node = site.nodes[index];
  document.title = `${node.label} · ${site.data.project.name}`;
  replaceContent(
    main,
    nodeHeader(node),
    facts(node),
    node.descriptionHtml
      ? trustedHtml('markdown description', node.descriptionHtml)
      : h('p', { class: 'muted' }, 'No description.'),
    node.source?.sourceDescriptionHtml
      ? section('Source', trustedHtml('markdown', node.source.sourceDescriptionHtml))
      : null,
    node.test ? testSection(site, node.test) : null,
    node.type === 'test' ? null : dependencySection(site, index),
    node.columns.length > 0 ? columnsSection(site, node) : null,
    node.tests.length > 0 ? testsSection(site, node.tests) : null,
    sqlSection(node),
    node.table ? snapshotsSection(node.table) : null,
  );
}

/** @param {SiteNode} node */
function nodeHeader(node) {
  const graph =
    node.type === 'test' ? null : h('a', { href: graphHash({ id: node.id }), class: 'button' }, 'Lineage');
  return h(
    'header',
    { class: 'node-header' },
    h('h1', {}, h('span', { class: `dot ${colourClass(node)}` }), node.label),
    h('div', { class: 'badges' }, typeBadge(node.type), layerBadge(node), ...node.tags.map(tagBadge)),
    graph,
  );
}

/** @param {string} tag */
function tagBadge(tag) {
  return h('span', { class: 'badge tag' }, `#${tag}`);
}

/** @param {SiteNode} node */
function facts(node) {
  const table = node.table;
  /** @type {[string, string | undefined][]} */
  const rows = [
    ['Materialization', node.materialized],
    ['Relation', node.relation],
    ['Iceberg table', table ? `${table.namespace}.${table.name}` : undefined],
    ['Rows', table?.rowCount === undefined ? undefined : formatCount(table.rowCount)],
    ['Size', table?.sizeBytes === undefined ? undefined : formatBytes(table.sizeBytes)],
    ['Last commit', table?.snapshots[0] ? formatTime(table.snapshots[0].committedAt) : undefined],
    ['Defined in', node.filePath],
    ['Loaded at field', node.source?.loadedAtField],
    ['Exposure type', node.exposure?.exposureType],
    ['Maturity', node.exposure?.maturity],
    ['Owner', node.exposure?.owner],
    ['Unique id', node.id],
  ];
  const present = rows.filter((row) => row[1] !== undefined);
  return h(
    'dl',
    { class: 'facts' },
    present.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    node.exposure?.url ? [h('dt', {}, 'URL'), h('dd', {}, externalLink(node.exposure.url))] : null,
  );
}

/** @param {string} url */
function externalLink(url) {
  return /^https?:\/\//i.test(url) ? h('a', { href: url, rel: 'noreferrer', target: '_blank' }, url) : url;
}

/**
 * @param {Site} site
 * @param {number} index
 */
function dependencySection(site, index) {
  return h(
    'div',
    { class: 'dependencies' },
    section('Depends on', linkList(site, site.parents[index])),
    section(
      'Referenced by',
      linkList(
        site,
        site.children[index].filter((i) => site.nodes[i].type !== 'test'),
      ),
    ),
  );
}

/**
 * @param {Site} site
 * @param {number[]} indexes
 */
function linkList(site, indexes) {
  if (indexes.length === 0) return h('p', { class: 'muted' }, 'Nothing.');
  const shown = indexes.slice(0, LINK_LIMIT);
  const more = indexes.length - shown.length;
  return h(
    'ul',
    { class: 'links' },
    shown.map((i) =>
      h('li', {}, h('span', { class: `dot ${colourClass(site.nodes[i])}` }), nodeLink(site.nodes[i])),
    ),
    more > 0 ? h('li', { class: 'muted' }, `and ${formatCount(more)} more`) : null,
  );
}

/**
 * @param {string} title
 * @param {...(Child | Child[])} content
 */
function section(title, ...content) {
  return h('section', { 'data-section': title.toLowerCase() }, h('h2', {}, title), ...content);
}

function overviewLink() {
  return h('a', { href: '#/' }, 'Back to the overview');
}
