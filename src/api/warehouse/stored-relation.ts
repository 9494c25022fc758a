import { existsSync } from 'node:fs';
import { tableIdOf } from '../../adapters/duckdb/lakehouse-session.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import { type IcebergTable, openTable } from '../../iceberg/index.js';
import type { CatalogView, TableIdentifier } from '../../model/iceberg-catalog-port.js';
import type { ResolvedTarget } from '../../model/project.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import { openWarehouseCatalog, openWarehouseCatalogForReading } from './lakehouse.js';
import { buildCommandFor, nodeLabel, type StoredNode } from '../session/resolve-node.js';

/** What the warehouse holds for a node: an Iceberg table, a view, or nothing yet. */
export type StoredRelation =
  | { readonly kind: 'table'; readonly id: TableIdentifier; readonly table: IcebergTable }
  | { readonly kind: 'view'; readonly id: TableIdentifier; readonly view: CatalogView }
  | { readonly kind: 'missing'; readonly id: TableIdentifier };

/**
 * Opens the target's catalog read-only (readers never wait for a run), or returns undefined
 * when nothing was ever built in this warehouse.
 */
export function openCatalogIfBuilt(target: ResolvedTarget): SqliteCatalog | undefined {
  return existsSync(target.catalogPath) ? openWarehouseCatalogForReading(target) : undefined;
}

/** Opens the target's catalog for a command that commits; undefined when nothing was ever built. */
export function openBuiltCatalogForWriting(
  target: ResolvedTarget,
  clock?: () => Date,
): SqliteCatalog | undefined {
  return existsSync(target.catalogPath) ? openWarehouseCatalog(target, clock) : undefined;
}

/** Looks the node's relation up in the catalog: its table first, then a view of that name. */
export function findStoredRelation(
  catalog: SqliteCatalog | undefined,
  node: StoredNode,
  now?: () => number,
): StoredRelation {
  const id = tableIdOf(node.relation);
  if (!catalog) return { kind: 'missing', id };
  const table = openTable(catalog, id, now ? { now } : {});
  if (table) return { kind: 'table', id, table };
  const view = catalog.loadView(id);
  return view ? { kind: 'view', id, view } : { kind: 'missing', id };
}

/** The node's Iceberg table; a clear error when it was never built or is a view. */
export function requireTable(found: StoredRelation, node: StoredNode): IcebergTable {
  switch (found.kind) {
    case 'table':
      return found.table;
    case 'view':
      throw InspectErrors.noHistory(nodeLabel(node));
    case 'missing':
      throw InspectErrors.notBuilt(nodeLabel(node), buildCommandFor(node));
  }
}

/** `bronze.bronze_trips`: a catalog identifier as users write it. */
export function tableLabel(id: TableIdentifier): string {
  return [...id.namespace, id.name].join('.');
}
