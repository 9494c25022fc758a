import type { GraphNode } from '../model/node.js';

/** Nodes that `ref()` can name. */
export type Refable = Extract<GraphNode, { resourceType: 'model' | 'seed' | 'snapshot' }>;

export function isRefable(node: GraphNode): node is Refable {
  return node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot';
}

/**
 * Finds the node a `ref()` names: by name (package optional), and by version for versioned
 * models (`ref('orders', v=2)`); without a version, the unversioned or latest version.
 */
export class RefIndex {
  private readonly byName = new Map<string, Refable[]>();

  constructor(nodes: Iterable<GraphNode>) {
    for (const node of nodes) {
      if (!isRefable(node)) continue;
      const list = this.byName.get(node.name);
      if (list) list.push(node);
      else this.byName.set(node.name, [node]);
    }
  }

  /**
   * `locality` is dbt's search for a ref without a package: the root project's node first, then
   * one of the referring node's own package, then any.
   */
  resolve(
    name: string,
    packageName?: string,
    version?: string,
    locality?: { readonly root: string; readonly from: string },
  ): Refable | undefined {
    const named = this.byName.get(name);
    if (named === undefined) return undefined;
    // The common case: one node of that name, named without package or version.
    if (named.length === 1 && packageName === undefined && version === undefined) {
      const only = named[0]!;
      return only.resourceType !== 'model' || only.version === undefined ? only : latest(named);
    }
    const candidates =
      packageName === undefined
        ? nearest(named, locality)
        : named.filter((node) => node.packageName === packageName);
    if (version !== undefined) {
      return candidates.find((node) => node.resourceType === 'model' && node.version === version);
    }
    return (
      candidates.find((node) => node.resourceType !== 'model' || node.version === undefined) ??
      latest(candidates)
    );
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }
}

function nearest(named: Refable[], locality: { readonly root: string; readonly from: string } | undefined) {
  if (locality === undefined) return named;
  for (const packageName of [locality.root, locality.from]) {
    const own = named.filter((node) => node.packageName === packageName);
    if (own.length > 0) return own;
  }
  return named;
}

/** The declared `latest_version`, else the highest version, as dbt resolves an unversioned ref. */
function latest(candidates: Refable[]): Refable | undefined {
  const declared = candidates.find(
    (node) =>
      node.resourceType === 'model' &&
      node.latestVersion !== undefined &&
      node.version === node.latestVersion,
  );
  return declared ?? [...candidates].sort((a, b) => versionOf(b) - versionOf(a))[0];
}

function versionOf(node: Refable): number {
  return node.resourceType === 'model' ? Number(node.version ?? 0) : 0;
}
