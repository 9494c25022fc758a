import { LdpError } from '../../errors/index.js';
import { findTableFolders } from '../../iceberg/index.js';
import type { WarehouseCatalogPort } from '../../model/iceberg-catalog-port.js';

/**
 * A warning when the catalog holds no table at all but the warehouse folder holds table folders:
 * catalog.db was emptied, replaced or lost, and the run would otherwise rebuild every table from
 * scratch beside the old files without a word. Undefined when there is nothing to say.
 */
export function unregisteredTablesWarning(catalog: WarehouseCatalogPort): LdpError | undefined {
  if (catalog.listAllTables().length > 0 || catalog.listViews().length > 0) return undefined;
  const folders = findTableFolders(catalog.warehousePath);
  if (folders.length === 0) return undefined;
  const shown = folders.slice(0, 5).join(', ') + (folders.length > 5 ? `, … (${folders.length} in all)` : '');
  return new LdpError({
    code: 'LDP574',
    severity: 'warning',
    message: `the catalog is empty, but the warehouse ${catalog.warehousePath} holds Iceberg table folders that it does not register: ${shown}`,
    hint: 'If catalog.db was replaced or lost, stop and restore it from a backup, or register each table again with an Iceberg tool (e.g. pyiceberg SqlCatalog.register_table with the newest metadata/*.metadata.json). Otherwise delete those folders. A run builds unregistered tables anew beside their old files.',
  });
}
