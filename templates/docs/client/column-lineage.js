// @ts-check
// Column-level lineage: which columns the graph shows in column mode, the column edges between
// them, and the full upstream/downstream trail of one column.

/** @typedef {{ child: number, childColumn: string, parent: number, parentColumn: string, kind: string }} ColumnEdge */
/** @typedef {{ node: number, column: string, kind: string, depth: number }} TrailStep */

/** Steps followed from a column in each direction, so a pathological graph cannot hang the page. */
const TRAIL_LIMIT = 2000;

/**
 * The focus shows all its columns; other drawn nodes show the columns that have an edge to a
 * drawn node, so the picture stays about the focus.
 * @param {Site} site
 * @param {number | undefined} focus
 * @param {readonly number[]} drawn
 * @returns {Map<number, string[]>}
 */
function shownColumns(site, focus, drawn) {
  const onScreen = new Set(drawn);
  /** @type {Map<number, string[]>} */
  const shown = new Map();
  for (const index of drawn) {
    const names = columnNames(site, index);
    if (index === focus) {
      shown.set(index, names);
      continue;
    }
    const linked = names.filter((name) => {
      const key = columnKey(index, name);
      const links = [...(site.columnParents.get(key) ?? []), ...(site.columnChildren.get(key) ?? [])];
      return links.some((link) => onScreen.has(link.node));
    });
    if (linked.length > 0) shown.set(index, linked);
  }
  return shown;
}

/**
 * A node's documented columns, then any other column lineage knows, without case duplicates.
 * @param {Site} site
 * @param {number} index
 */
function columnNames(site, index) {
  /** @type {Map<string, string>} */
  const names = new Map();
  for (const column of site.nodes[index].columns) names.set(column.name.toLowerCase(), column.name);
  for (const name of site.lineageColumns.get(index) ?? []) {
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  return [...names.values()];
}

/**
 * Column edges whose two ends are both shown.
 * @param {Site} site
 * @param {Map<number, string[]>} shown
 * @returns {ColumnEdge[]}
 */
function shownColumnEdges(site, shown) {
  /** @type {Set<string>} */
  const visible = new Set();
  for (const [index, names] of shown) for (const name of names) visible.add(columnKey(index, name));
  /** @type {ColumnEdge[]} */
  const edges = [];
  for (const [child, names] of shown) {
    for (const childColumn of names) {
      for (const link of site.columnParents.get(columnKey(child, childColumn)) ?? []) {
        if (!visible.has(columnKey(link.node, link.column))) continue;
        edges.push({ child, childColumn, parent: link.node, parentColumn: link.column, kind: link.kind });
      }
    }
  }
  return edges;
}

/**
 * Every column a column comes from (upstream) and feeds (downstream), nearest first, and the
 * column edges on those trails (as `columnEdgeKey`s).
 * @param {Site} site
 * @param {number} node
 * @param {string} column
 */
function columnTrail(site, node, column) {
  /** @type {Set<string>} */
  const edges = new Set();
  const upstream = followColumns(site.columnParents, node, column, (at, link) =>
    edges.add(columnEdgeKey(at.node, at.column, link.node, link.column)),
  );
  const downstream = followColumns(site.columnChildren, node, column, (at, link) =>
    edges.add(columnEdgeKey(link.node, link.column, at.node, at.column)),
  );
  return { upstream, downstream, edges };
}

/**
 * @param {number} child
 * @param {string} childColumn
 * @param {number} parent
 * @param {string} parentColumn
 */
function columnEdgeKey(child, childColumn, parent, parentColumn) {
  return `${columnKey(child, childColumn)}<${columnKey(parent, parentColumn)}`;
}

/**
 * @param {Map<string, ColumnLink[]>} links
 * @param {number} node
 * @param {string} column
 * @param {(at: { node: number, column: string }, link: ColumnLink) => void} onEdge
 * @returns {TrailStep[]}
 */
function followColumns(links, node, column, onEdge) {
  const seen = new Set([columnKey(node, column)]);
  /** @type {TrailStep[]} */
  const steps = [];
  let frontier = [{ node, column }];
  for (let depth = 1; frontier.length > 0 && steps.length < TRAIL_LIMIT; depth += 1) {
    /** @type {{ node: number, column: string }[]} */
    const next = [];
    for (const at of frontier) {
      for (const link of links.get(columnKey(at.node, at.column)) ?? []) {
        onEdge(at, link);
        const key = columnKey(link.node, link.column);
        if (seen.has(key)) continue;
        seen.add(key);
        steps.push({ ...link, depth });
        next.push(link);
      }
    }
    frontier = next;
  }
  return steps;
}
