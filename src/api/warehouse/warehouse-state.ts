import { LdpError } from '../../errors/index.js';
import { duckTypeOf, type IcebergTable, openTable } from '../../iceberg/index.js';
import type { TableIdentifier, WarehouseCatalogPort } from '../../model/iceberg-catalog-port.js';
import { relationKey, type WarehouseRelation, type WarehouseState } from '../../model/warehouse-state.js';

/**
 * What the warehouse holds before a run, read once from the catalog (the planner is pure and
 * only ever sees this value): every table with its current snapshot and columns, every view.
 * A table whose metadata cannot be read is kept with the reason, so only the steps that need it
 * fail (a damaged table does not stop work on the others).
 */
export function readWarehouseState(catalog: WarehouseCatalogPort): WarehouseState {
  const relations = new Map<string, WarehouseRelation>();
  for (const { identifier } of catalog.listAllTables()) {
    const namespace = identifier.namespace.join('.');
    const opened = tryOpenTable(catalog, identifier);
    if (opened instanceof LdpError) {
      const key = relationKey(namespace, identifier.name);
      relations.set(key, {
        kind: 'table',
        namespace,
        name: identifier.name,
        columns: [],
        unreadable: opened,
      });
      continue;
    }
    const table = opened;
    if (!table) continue;
    const owner = table.metadata.properties['ldp.model'];
    relations.set(relationKey(namespace, identifier.name), {
      kind: 'table',
      namespace,
      name: identifier.name,
      ...(table.currentSnapshot ? { snapshotId: table.currentSnapshot['snapshot-id'].toString() } : {}),
      columns: table.schema.fields.map((f) => ({ name: f.name, type: duckTypeOf(f.type) })),
      ...(owner ? { ownerModel: owner } : {}),
    });
  }
  for (const view of catalog.listViews()) {
    const namespace = view.namespace.join('.');
    relations.set(relationKey(namespace, view.name), {
      kind: 'view',
      namespace,
      name: view.name,
      columns: view.columns.map((c) => ({ name: c.name, type: c.type })),
      ...(view.uniqueId ? { ownerModel: view.uniqueId } : {}),
    });
  }
  return { relations };
}

function tryOpenTable(
  catalog: WarehouseCatalogPort,
  id: TableIdentifier,
): IcebergTable | undefined | LdpError {
  try {
    return openTable(catalog, id);
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
}
