// @ts-check
// Hash routes, so every view has an address that works from file:// without a server:
//   #/                                   the project overview
//   #/node/<id>                          a node's page
//   #/graph/<id>?depth=2&dir=both&columns=1   the lineage graph around a node
//   #/graph?all=1                        the whole graph (only when asked for)

/** @typedef {'both' | 'up' | 'down'} Direction */
/**
 * @typedef {{ view: 'overview' }
 *   | { view: 'node', id: string }
 *   | { view: 'graph', id?: string, depth: number, direction: Direction, columns: boolean, whole: boolean }} Route
 */

const DEFAULT_DEPTH = 2;
/** `depth=all` follows every level up and down. */
const ALL_LEVELS = Number.POSITIVE_INFINITY;

/**
 * @param {string} hash
 * @returns {Route}
 */
function parseRoute(hash) {
  const body = hash.replace(/^#\/?/, '');
  const queryAt = body.indexOf('?');
  const path = queryAt < 0 ? body : body.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : body.slice(queryAt + 1));
  const slash = path.indexOf('/');
  const view = slash < 0 ? path : path.slice(0, slash);
  const id = slash < 0 ? '' : safeDecode(path.slice(slash + 1));
  if (view === 'node' && id) return { view: 'node', id };
  if (view === 'graph') {
    const direction = params.get('dir');
    return {
      view: 'graph',
      ...(id ? { id } : {}),
      depth: parseDepth(params.get('depth')),
      direction: direction === 'up' || direction === 'down' ? direction : 'both',
      columns: params.get('columns') === '1',
      whole: params.get('all') === '1',
    };
  }
  return { view: 'overview' };
}

/** @param {string | null} text */
function parseDepth(text) {
  if (text === 'all') return ALL_LEVELS;
  const depth = Number(text);
  return Number.isInteger(depth) && depth >= 1 && depth <= 20 ? depth : DEFAULT_DEPTH;
}

/** @param {string} text */
function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** @param {string} id */
function nodeHash(id) {
  return `#/node/${encodeURIComponent(id)}`;
}

/**
 * @param {{ id?: string, depth?: number, direction?: Direction, columns?: boolean, whole?: boolean }} options
 */
function graphHash(options) {
  const params = new URLSearchParams();
  if (options.whole) params.set('all', '1');
  else {
    const depth = options.depth ?? DEFAULT_DEPTH;
    if (depth !== DEFAULT_DEPTH) params.set('depth', depth === ALL_LEVELS ? 'all' : String(depth));
    if (options.direction && options.direction !== 'both') params.set('dir', options.direction);
    if (options.columns) params.set('columns', '1');
  }
  const query = params.toString();
  const path = options.id && !options.whole ? `#/graph/${encodeURIComponent(options.id)}` : '#/graph';
  return query ? `${path}?${query}` : path;
}
