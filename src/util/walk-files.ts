import type { Dirent } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file below `dir` (depth first, in directory order), skipping folders `skip` names or
 * rejects. A missing folder yields nothing.
 */
export function* walkFiles(dir: string, skip: (folder: string) => boolean = () => false): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip(entry.name)) yield* walkFiles(path, skip);
    } else if (entry.isFile()) yield path;
  }
}
