import type { Dirent } from 'node:fs';
import { readdirSync } from 'node:fs';
import { normalize, sep } from 'node:path';

/**
 * Every file below `dir` (depth first, in directory order), skipping folders `skip` names or
 * rejects. A missing folder yields nothing. Paths are `dir` normalized, then names joined to it.
 */
export function walkFiles(dir: string, skip: (folder: string) => boolean = () => false): Generator<string> {
  return walk(normalize(dir), skip);
}

function* walk(dir: string, skip: (folder: string) => boolean): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // Concatenated rather than `join`ed (which normalizes again): this runs for every file.
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const entry of entries) {
    const path = prefix + entry.name;
    if (entry.isDirectory()) {
      if (!skip(entry.name)) yield* walk(path, skip);
    } else if (entry.isFile()) yield path;
  }
}
