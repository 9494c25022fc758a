import type { Manifest } from '../../model/manifest.js';
import type { GraphNode } from '../../model/node.js';

const NONE: readonly string[] = [];

/**
 * The manifest's parent and child maps as selection walks them. Unit tests carry their model
 * by name only, so they are linked here as children of that model (every version), as dbt
 * links them in its graph.
 */
export class SelectionGraph {
  readonly manifest: Manifest;
  /** Every source: buildable indirect selection treats them as always built. */
  readonly sources: readonly string[];
  private readonly unitTestParents = new Map<string, string[]>();
  private readonly unitTestChildren = new Map<string, string[]>();

  constructor(manifest: Manifest) {
    this.manifest = manifest;
    const sources: string[] = [];
    const modelsByName = new Map<string, string[]>();
    const unitTests: GraphNode[] = [];
    for (const node of manifest.nodes.values()) {
      if (node.resourceType === 'source') sources.push(node.uniqueId);
      else if (node.resourceType === 'unit_test') unitTests.push(node);
      else if (node.resourceType === 'model')
        push(modelsByName, `${node.packageName}\u0000${node.name}`, node.uniqueId);
    }
    this.sources = sources;
    for (const test of unitTests) {
      if (test.resourceType !== 'unit_test' || (manifest.parentMap.get(test.uniqueId)?.length ?? 0) > 0)
        continue;
      for (const model of modelsByName.get(`${test.packageName}\u0000${test.model}`) ?? []) {
        push(this.unitTestParents, test.uniqueId, model);
        push(this.unitTestChildren, model, test.uniqueId);
      }
    }
  }

  parentsOf(id: string): readonly string[] {
    return this.unitTestParents.get(id) ?? this.manifest.parentMap.get(id) ?? NONE;
  }

  childrenOf(id: string): readonly string[] {
    const own = this.manifest.childMap.get(id) ?? NONE;
    const unitTests = this.unitTestChildren.get(id);
    return unitTests ? [...own, ...unitTests] : own;
  }

  /** Whether a node can join a selection through the nodes it tests (dbt's indirect selection). */
  isTest(id: string): boolean {
    const type = this.manifest.nodes.get(id)?.resourceType;
    return type === 'test' || type === 'unit_test';
  }

  /** Ancestors of `starts`, at most `depth` steps up (all when undefined). */
  ancestors(starts: Iterable<string>, depth?: number): Set<string> {
    return walk(starts, (id) => this.parentsOf(id), depth);
  }

  /** Descendants of `starts`, at most `depth` steps down (all when undefined). */
  descendants(starts: Iterable<string>, depth?: number): Set<string> {
    return walk(starts, (id) => this.childrenOf(id), depth);
  }
}

/** Breadth-first, so a depth limit counts the shortest path from any start; linear in edges. */
function walk(
  starts: Iterable<string>,
  next: (id: string) => readonly string[],
  depth?: number,
): Set<string> {
  const reached = new Set<string>();
  let frontier = [...starts];
  for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const neighbour of next(id)) {
        if (reached.has(neighbour)) continue;
        reached.add(neighbour);
        following.push(neighbour);
      }
    }
    frontier = following;
  }
  return reached;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
