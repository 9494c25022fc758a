// @ts-check
// The tables of a node's page: columns with their tests, tests, SQL and Iceberg snapshots.

/**
 * @param {Site} site
 * @param {SiteNode} node
 */
function columnsSection(site, node) {
  const body = node.columns.map((column) =>
    h(
      'tr',
      { 'data-column': column.name },
      h('td', { class: 'mono' }, column.name),
      h(
        'td',
        { class: 'mono' },
        column.type ?? '—',
        column.missing ? h('span', { class: 'badge warn' }, 'not in table') : null,
      ),
      h('td', {}, column.descriptionHtml ? trustedHtml('markdown', column.descriptionHtml) : null),
      h(
        'td',
        {},
        column.tests.map((test) => testChip(site, test)),
      ),
    ),
  );
  return section('Columns', gridTable(['Column', 'Type', 'Description', 'Tests'], body));
}

/**
 * A test's short name and last result, linking to its page.
 * @param {Site} site
 * @param {number} index
 */
function testChip(site, index) {
  const test = site.nodes[index];
  const result = test.test?.result;
  return h(
    'a',
    {
      href: nodeHash(test.id),
      class: `test-chip status-${result ? result.status : 'not-run'}`,
      title: `${test.name}: ${result ? result.status : 'not run'}`,
    },
    test.test?.testName ?? test.name,
  );
}

/**
 * @param {Site} site
 * @param {readonly number[]} tests
 */
function testsSection(site, tests) {
  const rows = tests.map((index) => {
    const test = site.nodes[index];
    return h(
      'tr',
      {},
      h('td', {}, nodeLink(test)),
      h('td', {}, test.test?.testName ?? test.test?.testType ?? ''),
      h('td', {}, statusBadge(test.test?.result)),
      h('td', {}, formatTime(test.test?.result?.executedAt)),
    );
  });
  return section('Tests', gridTable(['Test', 'Kind', 'Last result', 'Ran at'], rows));
}

/**
 * @param {Site} site
 * @param {NonNullable<SiteNode['test']>} test
 */
function testSection(site, test) {
  const attached = test.attachedTo === undefined ? undefined : site.nodes[test.attachedTo];
  const result = test.result;
  return section(
    'Test',
    h(
      'dl',
      { class: 'facts' },
      [
        h('dt', {}, 'Kind'),
        h('dd', {}, test.testName ? `${test.testType} · ${test.testName}` : test.testType),
      ],
      attached
        ? [h('dt', {}, 'Tests'), h('dd', {}, nodeLink(attached), test.column ? `.${test.column}` : '')]
        : null,
      test.kwargs ? [h('dt', {}, 'Arguments'), h('dd', { class: 'mono' }, test.kwargs)] : null,
      [h('dt', {}, 'Severity'), h('dd', {}, test.severity)],
      [h('dt', {}, 'Last result'), h('dd', { class: 'last-result' }, statusBadge(result))],
      result ? [h('dt', {}, 'Failing rows'), h('dd', {}, formatCount(result.failures))] : null,
      result ? [h('dt', {}, 'Ran at'), h('dd', {}, formatTime(result.executedAt))] : null,
      result ? [h('dt', {}, 'Duration'), h('dd', {}, formatDuration(result.durationMs))] : null,
      result?.message ? [h('dt', {}, 'Message'), h('dd', { class: 'mono' }, result.message)] : null,
    ),
  );
}

/** @param {SiteNode} node */
function sqlSection(node) {
  if (node.rawSql === undefined && node.compiledSql === undefined) return null;
  const code = h('pre', { class: 'sql' }, h('code', {}));
  /** @type {[string, string | undefined][]} */
  const variants = [
    ['Compiled', node.compiledSql],
    ['Raw', node.rawSql],
  ];
  const available = variants.filter((v) => v[1] !== undefined);
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const show = (/** @type {number} */ which) => {
    code.firstElementChild?.replaceChildren(available[which][1] ?? '');
    const buttons = tabs.querySelectorAll('button');
    for (let i = 0; i < buttons.length; i += 1) buttons[i].setAttribute('aria-selected', String(i === which));
  };
  available.forEach(([label], i) => {
    tabs.append(
      h(
        'button',
        { type: 'button', role: 'tab', 'data-sql': label.toLowerCase(), onclick: () => show(i) },
        label,
      ),
    );
  });
  show(0);
  return section('SQL', tabs, code);
}

/** @param {NonNullable<SiteNode['table']>} table */
function snapshotsSection(table) {
  if (table.snapshots.length === 0) return null;
  const rows = table.snapshots.map((snapshot) =>
    h(
      'tr',
      {},
      h('td', { class: 'mono' }, snapshot.id),
      h('td', {}, formatTime(snapshot.committedAt)),
      h('td', {}, snapshot.operation),
      h('td', { class: 'num' }, formatCount(snapshot.addedRecords)),
      h('td', { class: 'num' }, formatCount(snapshot.deletedRecords)),
      h('td', { class: 'num' }, formatCount(snapshot.totalRecords)),
      h('td', { class: 'mono' }, snapshot.runId ?? '—'),
    ),
  );
  const headers = ['Snapshot', 'Committed', 'Operation', 'Added rows', 'Deleted rows', 'Total rows', 'Run'];
  return section('Iceberg snapshots', gridTable(headers, rows));
}

/**
 * @param {string[]} headers
 * @param {HTMLElement[]} rows
 */
function gridTable(headers, rows) {
  return h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((t) => h('th', {}, t)),
      ),
    ),
    h('tbody', {}, rows),
  );
}
