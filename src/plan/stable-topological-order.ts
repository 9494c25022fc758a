/** The steps that wait for each step, from what each step waits for. */
export function childrenOf(order: readonly string[], dependsOn: ReadonlyMap<string, readonly string[]>) {
  const children = new Map<string, string[]>();
  for (const id of order) {
    for (const parent of dependsOn.get(id) ?? []) children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  return children;
}

/** Kahn's algorithm, always taking the earliest ready node of the given order. */
export function stableTopologicalOrder(
  order: readonly string[],
  dependsOn: ReadonlyMap<string, readonly string[]>,
): string[] {
  const waiting = new Map(order.map((id) => [id, (dependsOn.get(id) ?? []).length]));
  const children = childrenOf(order, dependsOn);
  const position = new Map(order.map((id, i) => [id, i]));
  const ready = order.filter((id) => waiting.get(id) === 0);
  const result: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    result.push(id);
    for (const child of children.get(id) ?? []) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return result;
}
