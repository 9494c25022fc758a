import { readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { TableIdentifier } from '../model/iceberg-catalog-port.js';
import { CatalogErrors } from './catalog-errors.js';
import { tableLabel } from './names.js';
import { localPath } from './tables.js';

/**
 * The folder holding a table's files: the `location` of its current metadata, or the default
 * `<warehouse>/<namespace…>/<name>` when the metadata cannot be read.
 */
export function tableLocation(warehousePath: string, id: TableIdentifier, metadataLocation: string): string {
  return resolve(metadataTableLocation(metadataLocation) ?? join(warehousePath, ...id.namespace, id.name));
}

/**
 * Refuses to purge anything outside the warehouse (or the warehouse itself), so a foreign table
 * registered elsewhere is never deleted by accident.
 */
export function assertInsideWarehouse(warehousePath: string, id: TableIdentifier, location: string): void {
  const inside = relative(resolve(warehousePath), location);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw CatalogErrors.purgeOutsideWarehouse(tableLabel(id), location, warehousePath);
  }
}

/** Deletes the table's folder and everything in it. */
export function removeTableFiles(location: string): void {
  rmSync(location, { recursive: true, force: true });
}

function metadataTableLocation(metadataLocation: string): string | undefined {
  const file = localPath(metadataLocation);
  if (file === undefined) return undefined;
  try {
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as { location?: unknown };
    return typeof metadata.location === 'string' ? localPath(metadata.location) : undefined;
  } catch {
    // Unreadable metadata: fall back to the default location.
    return undefined;
  }
}
