// @ts-check
// Client-side search over every node: each word of the query must appear in the node's name,
// description, path, tags or column names. Runs on every keystroke; one pass over the nodes.

/** @type {readonly SiteNodeType[]} */
const TYPE_ORDER = ['model', 'source', 'seed', 'snapshot', 'exposure', 'test'];

/**
 * Node indexes in list order (kind, then label), computed once.
 * @param {Site} site
 */
function listOrder(site) {
  const rank = (/** @type {SiteNodeType} */ type) => TYPE_ORDER.indexOf(type);
  return site.nodes
    .map((_, index) => index)
    .sort((a, b) => {
      const x = site.nodes[a];
      const y = site.nodes[b];
      return rank(x.type) - rank(y.type) || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0);
    });
}

/**
 * Matching nodes, best first: exact name, then name prefix, then name substring, then the rest;
 * list order within each group.
 * @param {Site} site
 * @param {readonly number[]} order
 * @param {string} query
 * @param {SiteNodeType | 'all'} type
 * @returns {number[]}
 */
function searchNodes(site, order, query, type) {
  const phrase = query.trim().toLowerCase();
  const words = phrase.split(/\s+/).filter(Boolean);
  /** @type {number[][]} */
  const groups = [[], [], [], []];
  for (const index of order) {
    const node = site.nodes[index];
    if (type !== 'all' && node.type !== type) continue;
    if (!words.every((word) => node.searchText.includes(word))) continue;
    groups[phrase ? matchRank(node, phrase) : 3].push(index);
  }
  return groups.flat();
}

/**
 * @param {SiteNode} node
 * @param {string} phrase
 */
function matchRank(node, phrase) {
  const name = node.label.toLowerCase();
  if (name === phrase || node.name.toLowerCase() === phrase) return 0;
  if (name.startsWith(phrase)) return 1;
  return name.includes(phrase) ? 2 : 3;
}
