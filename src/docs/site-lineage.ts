import type { Manifest } from '../model/manifest.js';
import type { DocsLineage, DocsLineageColumn } from './docs-input.js';
import type { SiteColumnEdge } from './site-data.js';

/**
 * Table-level edges between documented nodes: the manifest's dependencies (known even before a
 * run) together with the stored lineage's, without duplicates, sorted by parent then child.
 */
export function siteEdges(
  manifest: Manifest,
  lineage: DocsLineage | undefined,
  indexOf: ReadonlyMap<string, number>,
): [number, number][] {
  const pairs = new Map<string, [number, number]>();
  const add = (parentId: string, childId: string) => {
    const parent = indexOf.get(parentId);
    const child = indexOf.get(childId);
    if (parent === undefined || child === undefined || parent === child) return;
    pairs.set(`${parent}:${child}`, [parent, child]);
  };
  for (const [childId, parents] of manifest.parentMap) for (const parentId of parents) add(parentId, childId);
  for (const edge of lineage?.edges ?? []) add(edge.parentId, edge.childId);
  return [...pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Column-level edges between documented nodes, without duplicates, in a stable order. */
export function siteColumnEdges(
  lineage: DocsLineage | undefined,
  indexOf: ReadonlyMap<string, number>,
): SiteColumnEdge[] {
  const edges = new Map<string, SiteColumnEdge>();
  for (const e of lineage?.columnEdges ?? []) {
    const child = indexOf.get(e.childId);
    const parent = indexOf.get(e.parentId);
    if (child === undefined || parent === undefined) continue;
    const key = JSON.stringify([child, e.childColumn, parent, e.parentColumn]);
    if (!edges.has(key)) edges.set(key, [child, e.childColumn, parent, e.parentColumn, e.kind]);
  }
  return [...edges.values()].sort(compareColumnEdges);
}

/** Stored lineage columns by node id, each list sorted by ordinal then name. */
export function lineageColumnsByNode(
  lineage: DocsLineage | undefined,
): ReadonlyMap<string, readonly DocsLineageColumn[]> {
  const byNode = new Map<string, DocsLineageColumn[]>();
  for (const column of lineage?.columns ?? []) {
    const list = byNode.get(column.uniqueId) ?? [];
    byNode.set(column.uniqueId, list);
    list.push(column);
  }
  for (const list of byNode.values())
    list.sort((a, b) => a.ordinal - b.ordinal || compareText(a.name, b.name));
  return byNode;
}

function compareColumnEdges(a: SiteColumnEdge, b: SiteColumnEdge): number {
  return a[0] - b[0] || compareText(a[1], b[1]) || a[2] - b[2] || compareText(a[3], b[3]);
}

/** Code-unit order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
