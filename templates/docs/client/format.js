// @ts-check
// How values look on the page: numbers, sizes, times, and the badges for kinds, layers and
// test results.

const LAYER_CLASSES = new Set(['bronze', 'silver', 'gold']);

/** @param {number | undefined} value */
function formatCount(value) {
  return value === undefined ? '—' : value.toLocaleString('en-US');
}

/** @param {number | undefined} bytes */
function formatBytes(bytes) {
  if (bytes === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * An ISO timestamp as `2024-05-01 10:22:31 UTC`, the same wherever the page is opened.
 * @param {string | undefined} iso
 */
function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** @param {number | undefined} ms */
function formatDuration(ms) {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * The colour class of a node: its medallion layer, else its kind.
 * @param {SiteNode} node
 */
function colourClass(node) {
  if (node.type === 'source' || node.type === 'exposure' || node.type === 'test') return `kind-${node.type}`;
  return node.layer && LAYER_CLASSES.has(node.layer) ? `layer-${node.layer}` : 'layer-other';
}

/** @param {SiteNodeType} type */
function typeBadge(type) {
  return h('span', { class: `badge type type-${type}` }, type);
}

/** @param {SiteNode} node */
function layerBadge(node) {
  return node.layer ? h('span', { class: `badge layer ${colourClass(node)}` }, node.layer) : null;
}

/**
 * A test's last result; `not run` when the catalog has none.
 * @param {SiteTestResult | undefined} result
 */
function statusBadge(result) {
  const status = result ? result.status : 'not-run';
  const failures = result?.failures ? ` (${formatCount(result.failures)})` : '';
  return h('span', { class: `badge status status-${status}` }, status.replace('-', ' ') + failures);
}

/**
 * A link to a node's page.
 * @param {SiteNode} node
 * @param {string} [text]
 */
function nodeLink(node, text) {
  return h('a', { href: nodeHash(node.id), class: 'node-link' }, text ?? node.label);
}
