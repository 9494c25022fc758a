import type { SqliteCatalog } from '../../catalog/index.js';
import { LdpError } from '../../errors/index.js';
import { fromUri, isInsideFolder } from '../../iceberg/index.js';
import type { Reporter } from '../../model/reporter.js';
import { tableLabel } from '../warehouse/stored-relation.js';

const NAMED = 3;

/**
 * Warns once per command (`LDP567`) when the catalog names tables stored outside this target's
 * warehouse, which is what a copied or moved project folder looks like: reads still use the
 * original's files, and every write to them is refused (`LDP560`). Reads only catalog rows.
 */
export function warnAboutTablesOutsideWarehouse(catalog: SqliteCatalog, reporter: Reporter): void {
  const outside = catalog
    .listAllTables()
    .filter((row) => !isInsideFolder(catalog.warehousePath, fromUri(row.metadataLocation)));
  if (outside.length === 0) return;
  const named = outside
    .slice(0, NAMED)
    .map((row) => `${tableLabel(row.identifier)} (${fromUri(row.metadataLocation)})`)
    .join(', ');
  const more = outside.length > NAMED ? ` and ${outside.length - NAMED} more` : '';
  reporter.report({
    kind: 'diagnostic',
    diagnostic: new LdpError({
      code: 'LDP567',
      severity: 'warning',
      message: `${outside.length} tables of this catalog are stored outside this target's warehouse ${catalog.warehousePath}: ${named}${more}; they are read from there, and writing or deleting their files is refused`,
      hint: 'If this project folder was copied or moved, run `ldp relocate` (try `--dry-run` first) so the copy uses its own files.',
    }),
  });
}
