import { LdpError } from '../../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../../model/iceberg-catalog-port.js';
import { readMetadataAt } from '../commit.js';
import { fromUri } from '../paths.js';
import { tableLabel } from '../table-files.js';
import type { TableMetadata } from '../types.js';

/** A table's catalog row: the pointer to its current metadata file and the one it replaced. */
const RESTORABLE_CODES = new Set(['LDP570', 'LDP571']);

export interface MetadataPointers {
  readonly metadataLocation: string;
  readonly previousMetadataLocation?: string;
}

export interface RestoredMetadata {
  /** The metadata file that could not be read (now the row's previous_metadata_location). */
  readonly from: string;
  /** The file the row points at again. */
  readonly to: string;
  /** The snapshot that is current again; undefined when that commit had none. */
  readonly snapshotId?: string;
}

/**
 * Points a table whose current metadata file is missing or unreadable back at the file of the
 * commit before (the catalog row's previous_metadata_location), as a compare-and-swap on the row.
 * The last commit is lost, so this is refused while the current file reads fine: then
 * `rollback --to <snapshot>` keeps every commit instead. The caller holds the warehouse lock.
 */
export function restorePreviousMetadata(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  row: MetadataPointers,
): RestoredMetadata {
  const label = tableLabel(id);
  if (currentFileReads(id, row.metadataLocation)) throw currentReadable(label, row.metadataLocation);
  const previous = row.previousMetadataLocation;
  if (previous === undefined) throw noPrevious(label, 'the catalog row names no metadata file before it');
  const metadata = readPrevious(label, previous);
  if (!catalog.swapMetadataLocation(id, row.metadataLocation, previous)) {
    throw new LdpError({
      code: 'LDP581',
      message: `table ${label}: another command changed its catalog row while it was being rolled back`,
      hint: `Check the table with \`ldp snapshots ${id.name}\` and run the rollback again if it is still needed.`,
    });
  }
  const snapshotId = metadata['current-snapshot-id'];
  return {
    from: row.metadataLocation,
    to: previous,
    ...(snapshotId === undefined || snapshotId === -1n ? {} : { snapshotId: snapshotId.toString() }),
  };
}

/**
 * True when the current file reads and decodes: nothing needs restoring. A missing (LDP570) or
 * undecodable (LDP571) file is what this recovery is for; any other fault (permissions, I/O) is
 * not the file's fault, so it is reported as it is.
 */
function currentFileReads(id: TableIdentifier, location: string): boolean {
  const path = fromUri(location);
  try {
    readMetadataAt(path, `the current metadata file of table ${tableLabel(id)}`, '', () => missingFile(path));
    return true;
  } catch (error) {
    if (error instanceof LdpError && RESTORABLE_CODES.has(error.code)) return false;
    throw error;
  }
}

function readPrevious(label: string, location: string): TableMetadata {
  const path = fromUri(location);
  return readMetadataAt(path, `the previous metadata file of table ${label}`, fullRefreshHint(label), () =>
    noPrevious(label, `the metadata file before it, ${path}, does not exist either`),
  ).metadata;
}

function missingFile(path: string): LdpError {
  return new LdpError({ code: 'LDP570', message: `${path} does not exist` });
}

function currentReadable(label: string, location: string): LdpError {
  return new LdpError({
    code: 'LDP579',
    message: `table ${label}: its current metadata file ${fromUri(location)} reads fine, so there is nothing to restore`,
    hint: 'Use `ldp snapshots <model>` and `ldp rollback <model> --to <snapshot-id>`: it rolls back as a new commit and keeps the history. --to-previous-metadata is for a table whose current metadata file is missing or damaged.',
  });
}

function noPrevious(label: string, why: string): LdpError {
  return new LdpError({
    code: 'LDP580',
    message: `table ${label}: cannot restore its previous metadata file: ${why}`,
    hint: fullRefreshHint(label),
  });
}

function fullRefreshHint(label: string): string {
  const name = label.split('.').at(-1);
  return `Restore the metadata files from a backup, or rebuild the table with \`ldp run --full-refresh -s ${name}\` (its history is lost).`;
}
