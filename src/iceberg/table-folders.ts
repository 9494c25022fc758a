import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Namespace levels looked through: ldp writes one or two (`database.schema`). */
const MAX_NAMESPACE_DEPTH = 3;

/**
 * Folders below the warehouse that hold an Iceberg table (`<namespace…>/<table>/metadata/` with a
 * `*.metadata.json`), relative to the warehouse and sorted. Only folder names are read, never
 * a table's data, so this stays cheap on a large warehouse. Hidden folders (DuckDB's spill
 * folder) are skipped.
 */
export function findTableFolders(warehousePath: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    for (const name of folderNames(dir)) {
      const path = join(dir, name);
      if (holdsMetadata(path)) found.push(relative(warehousePath, path));
      else if (depth < MAX_NAMESPACE_DEPTH) visit(path, depth + 1);
    }
  };
  visit(warehousePath, 0);
  return found.sort();
}

function folderNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function holdsMetadata(folder: string): boolean {
  try {
    return readdirSync(join(folder, 'metadata')).some((name) => name.endsWith('.metadata.json'));
  } catch {
    return false;
  }
}
