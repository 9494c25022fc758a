import { realpathSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LdpError } from '../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../model/iceberg-catalog-port.js';
import { fromUri } from './paths.js';
import type { TableMetadata } from './types.js';

/**
 * The catalog stores absolute locations, so a copied project's catalog still points at the
 * original's files. Every write and delete of a table's files passes through these checks, so a
 * command never changes files outside the warehouse its own target names.
 */

/**
 * Whether `path` lies strictly inside the folder `root` (both local paths). Symbolic links are
 * resolved, so a warehouse reached through a link is not mistaken for another one.
 */
export function isInsideFolder(root: string, path: string): boolean {
  const inside = relative(canonical(root), canonical(path));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/** The real path of the deepest existing ancestor, with the rest of `path` appended. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(canonical(parent), basename(absolute));
  }
}

/** The table's own folder (its metadata `location`), as a local path. */
export function tableFolder(metadata: TableMetadata): string {
  return resolve(fromUri(metadata.location));
}

/**
 * Refuses (`LDP560`) to write to a table whose folder is outside the catalog's warehouse, e.g.
 * a table of the project this one was copied from.
 */
export function assertTableInWarehouse(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  metadata: TableMetadata,
): void {
  const folder = tableFolder(metadata);
  if (isInsideFolder(catalog.warehousePath, folder)) return;
  throw tableOutsideWarehouse(id, folder, catalog.warehousePath);
}

/**
 * Deletes files of one table. Every path must lie inside the table's folder, and that folder
 * inside the warehouse; otherwise nothing is deleted (`LDP561`). The caller decides which files
 * are garbage; this is the last line that keeps a bug or a copied catalog from deleting files
 * ldp does not own.
 */
export function deleteTableFiles(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  metadata: TableMetadata,
  paths: readonly string[],
): void {
  assertTableInWarehouse(catalog, id, metadata);
  const folder = tableFolder(metadata);
  const outside = paths.find((path) => !isInsideFolder(folder, fromUri(path)));
  if (outside !== undefined) throw fileOutsideTable(id, fromUri(outside), folder);
  for (const path of paths) rmSync(fromUri(path), { force: true });
}

function label(id: TableIdentifier): string {
  return [...id.namespace, id.name].join('.');
}

function tableOutsideWarehouse(id: TableIdentifier, folder: string, warehouse: string): LdpError {
  return new LdpError({
    code: 'LDP560',
    message: `table ${label(id)} is stored at ${folder}, outside this target's warehouse ${resolve(warehouse)}; ldp writes and deletes files only inside its own warehouse`,
    hint: 'If this project folder was copied or moved, run `ldp relocate` (try `--dry-run` first) to point the catalog at the copied files; the original files stay untouched. If the table belongs to another project, run the command there.',
  });
}

function fileOutsideTable(id: TableIdentifier, file: string, folder: string): LdpError {
  return new LdpError({
    code: 'LDP561',
    message: `refusing to delete ${file}: it is not inside the folder of table ${label(id)} (${folder}); nothing was deleted`,
    hint: 'ldp only deletes files under a table’s own location. If the table’s metadata names files elsewhere (a copied or foreign table), run `ldp relocate`, or remove those files by hand.',
  });
}
