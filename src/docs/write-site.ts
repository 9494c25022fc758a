import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { InternalError } from '../errors/index.js';
import { DocsErrors } from './docs-errors.js';
import type { DocsSite } from './generate-site.js';

/**
 * Writes the site's files into `dir` (created if needed), each through a temporary file and a
 * rename, so a browser that reloads meanwhile never reads half a file. `index.html` goes last:
 * it only appears once the assets it loads are in place. Other files in `dir` are left alone.
 */
export async function writeDocsSite(site: DocsSite, dir: string): Promise<void> {
  const ordered = [...site.files].sort(
    (a, b) => Number(a.path === 'index.html') - Number(b.path === 'index.html'),
  );
  try {
    for (const file of ordered) {
      if (isAbsolute(file.path) || file.path.split('/').includes('..')) {
        throw new InternalError(`docs site file path escapes the site folder: ${file.path}`);
      }
      const target = join(dir, file.path);
      await mkdir(dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, file.content);
      await rename(temporary, target);
    }
  } catch (error) {
    if (error instanceof InternalError) throw error;
    throw DocsErrors.cannotWrite(dir, (error as Error).message);
  }
}
