/** Breadth-first walk over an adjacency map up to `depth` steps (all when undefined). */
export function reachable(
  starts: Iterable<string>,
  edges: ReadonlyMap<string, readonly string[]>,
  depth?: number,
): Set<string> {
  const seen = new Set<string>();
  let frontier = [...starts];
  for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of edges.get(id) ?? []) {
        if (!seen.has(neighbour)) {
          seen.add(neighbour);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
  return seen;
}
