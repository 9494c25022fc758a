// @ts-check
// The site's data, read once from the page, with the adjacency lists every view uses.

/** @typedef {{ node: number, column: string, kind: string }} ColumnLink */

/**
 * @typedef {object} Site
 * @property {SiteData} data
 * @property {readonly SiteNode[]} nodes
 * @property {Map<string, number>} indexOf
 * @property {number[][]} parents
 * @property {number[][]} children
 * @property {Map<string, ColumnLink[]>} columnParents  by `columnKey(child, column)`
 * @property {Map<string, ColumnLink[]>} columnChildren  by `columnKey(parent, column)`
 * @property {Map<number, string[]>} lineageColumns  columns named in column lineage, by node
 */

/** Reads the JSON the generator embedded in the page. */
function readSite() {
  const element = document.getElementById('ldp-data');
  if (!element?.textContent) throw new Error('the page has no ldp data');
  return indexSite(/** @type {SiteData} */ (JSON.parse(element.textContent)));
}

/**
 * @param {SiteData} data
 * @returns {Site}
 */
function indexSite(data) {
  const nodes = data.nodes;
  /** @type {number[][]} */
  const parents = nodes.map(() => []);
  /** @type {number[][]} */
  const children = nodes.map(() => []);
  for (const [parent, child] of data.edges) {
    parents[child].push(parent);
    children[parent].push(child);
  }
  const { columnParents, columnChildren, lineageColumns } = indexColumnEdges(data);
  const indexOf = new Map(nodes.map((node, index) => [node.id, index]));
  return { data, nodes, indexOf, parents, children, columnParents, columnChildren, lineageColumns };
}

/** @param {SiteData} data */
function indexColumnEdges(data) {
  /** @type {Map<string, ColumnLink[]>} */
  const columnParents = new Map();
  /** @type {Map<string, ColumnLink[]>} */
  const columnChildren = new Map();
  /** @type {Map<number, Set<string>>} */
  const named = new Map();
  for (const [child, childColumn, parent, parentColumn, kind] of data.columnEdges) {
    pushTo(columnParents, columnKey(child, childColumn), { node: parent, column: parentColumn, kind });
    pushTo(columnChildren, columnKey(parent, parentColumn), { node: child, column: childColumn, kind });
    addTo(named, child, childColumn);
    addTo(named, parent, parentColumn);
  }
  /** @type {Map<number, string[]>} */
  const lineageColumns = new Map([...named].map(([node, set]) => [node, [...set]]));
  return { columnParents, columnChildren, lineageColumns };
}

/**
 * Column names compare case-insensitively, as DuckDB's do.
 * @param {number} node
 * @param {string} column
 */
function columnKey(node, column) {
  return `${node}:${column.toLowerCase()}`;
}

/**
 * @template K, V
 * @param {Map<K, V[]>} map
 * @param {K} key
 * @param {V} value
 */
function pushTo(map, key, value) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * @template K
 * @param {Map<K, Set<string>>} map
 * @param {K} key
 * @param {string} value
 */
function addTo(map, key, value) {
  const set = map.get(key) ?? new Set();
  map.set(key, set);
  set.add(value);
}
