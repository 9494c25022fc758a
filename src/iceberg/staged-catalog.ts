import type { IcebergCatalogPort, TableIdentifier } from '../model/iceberg-catalog-port.js';

/**
 * A catalog view in which new tables are staged, not registered: `registerTable` only remembers
 * the first metadata file, and the table's first commit registers it in the real catalog. So a
 * table that is created and written in one step appears with its first snapshot or not at all;
 * a failure (or a kill) before that commit leaves the catalog without it.
 */
export function stagedCatalog(
  inner: IcebergCatalogPort,
  options: {
    /**
     * Let the first commit replace a table of the same name in one compare-and-swap (used when
     * a table must be rebuilt as a new table, e.g. with another partition spec): readers see the
     * old table until the new one has its first snapshot.
     */
    readonly replaceExisting?: boolean;
  } = {},
): IcebergCatalogPort {
  const staged = new Map<string, string>();
  const key = (id: TableIdentifier) => JSON.stringify([id.namespace, id.name]);
  return {
    catalogName: inner.catalogName,
    warehousePath: inner.warehousePath,
    currentMetadataLocation: (id) => staged.get(key(id)) ?? inner.currentMetadataLocation(id),
    registerTable: (id, location) => {
      staged.set(key(id), location);
    },
    swapMetadataLocation: (id, expected, next) => {
      const location = staged.get(key(id));
      if (location === undefined) return inner.swapMetadataLocation(id, expected, next);
      if (location !== expected) return false;
      const existing = options.replaceExisting ? inner.currentMetadataLocation(id) : undefined;
      if (existing === undefined) inner.registerTable(id, next);
      else if (!inner.swapMetadataLocation(id, existing, next)) return false;
      staged.delete(key(id));
      return true;
    },
  };
}
