import type { PlannedStep } from '../model/execution-plan.js';
import { childrenOf, stableTopologicalOrder } from './stable-topological-order.js';

/**
 * `ldp build`'s rule: a node's data tests run right after it and before anything downstream, so
 * a failing test can stop bad data from spreading. Every step that reads a tested node also
 * waits for that node's tests — except where the test itself reads the step (a relationships
 * test between a parent and its child), which would be a cycle. Returns the new dependencies and
 * the steps re-ordered topologically (stable: ties keep the given order).
 */
export function testsBlockDownstream(
  order: readonly string[],
  steps: ReadonlyMap<string, PlannedStep>,
  dependsOn: ReadonlyMap<string, readonly string[]>,
): { order: string[]; dependsOn: Map<string, string[]> } {
  const position = new Map(order.map((id, i) => [id, i]));
  const children = childrenOf(order, dependsOn);
  const next = new Map(order.map((id) => [id, [...(dependsOn.get(id) ?? [])]]));
  for (const testId of order) {
    if (steps.get(testId)?.kind !== 'test') continue;
    const tested = dependsOn.get(testId) ?? [];
    for (const parent of tested) {
      for (const reader of children.get(parent) ?? []) {
        if (reader === testId || steps.get(reader)?.kind === 'test') continue;
        if (tested.some((p) => p === reader || reaches(reader, p, children, position))) continue;
        const deps = next.get(reader)!;
        if (!deps.includes(testId)) deps.push(testId);
      }
    }
  }
  for (const deps of next.values()) deps.sort();
  return { order: stableTopologicalOrder(order, next), dependsOn: next };
}

/** Whether `to` is downstream of `from`. Only nodes after `from` in topological order can be. */
function reaches(
  from: string,
  to: string,
  children: ReadonlyMap<string, readonly string[]>,
  position: ReadonlyMap<string, number>,
): boolean {
  if ((position.get(to) ?? -1) <= (position.get(from) ?? -1)) return false;
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (child === to) return true;
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  return false;
}
