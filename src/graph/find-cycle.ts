/**
 * One cycle of the graph as the list of its nodes, first node repeated at the end
 * (`[a, b, c, a]`), or undefined when the graph is acyclic. `children` maps a node to the nodes
 * that depend on it. Iterative DFS: deep chains of thousands of models must not overflow the stack.
 */
export function findCycle(children: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  if (isAcyclic(children)) return undefined;
  return firstCycle(children);
}

/**
 * Kahn's algorithm over node positions: linear and allocation-light, so the common acyclic
 * graph is settled without the sorted depth-first search that names a cycle.
 */
function isAcyclic(children: ReadonlyMap<string, readonly string[]>): boolean {
  const index = new Map<string, number>();
  for (const id of children.keys()) index.set(id, index.size);
  const edges: Int32Array[] = [];
  const inDegree = new Int32Array(index.size);
  for (const list of children.values()) {
    const targets = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const target = index.get(list[i]!);
      // A child outside the map has no children of its own: it cannot close a cycle.
      targets[i] = target ?? -1;
      if (target !== undefined) inDegree[target]!++;
    }
    edges.push(targets);
  }
  const ready: number[] = [];
  for (let i = 0; i < inDegree.length; i++) if (inDegree[i] === 0) ready.push(i);
  let done = 0;
  while (ready.length > 0) {
    const node = ready.pop()!;
    done++;
    for (const target of edges[node]!) {
      if (target !== -1 && --inDegree[target]! === 0) ready.push(target);
    }
  }
  return done === index.size;
}

/** The first cycle in sorted depth-first order, so the reported path does not depend on input order. */
function firstCycle(children: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of [...children.keys()].sort()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const iterators: Iterator<string>[] = [];
    const enter = (node: string) => {
      state.set(node, 'open');
      path.push(node);
      iterators.push([...(children.get(node) ?? [])].sort()[Symbol.iterator]());
    };
    enter(start);
    while (iterators.length > 0) {
      const next = iterators[iterators.length - 1]!.next();
      if (next.done) {
        state.set(path.pop()!, 'done');
        iterators.pop();
        continue;
      }
      const child = next.value;
      const seen = state.get(child);
      if (seen === 'open') return [...path.slice(path.indexOf(child)), child];
      if (seen === undefined) enter(child);
    }
  }
  return undefined;
}
