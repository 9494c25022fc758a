/**
 * One cycle of the graph as the list of its nodes, first node repeated at the end
 * (`[a, b, c, a]`), or undefined when the graph is acyclic. `children` maps a node to the nodes
 * that depend on it. Iterative DFS: deep chains of thousands of models must not overflow the stack.
 */
export function findCycle(children: ReadonlyMap<string, readonly string[]>): string[] | undefined {
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
