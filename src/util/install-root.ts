import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'local-data-platform';

/**
 * The folder ldp is installed in (the one holding its package.json and `templates/`), found by
 * walking up from `moduleUrl`. A module sits at different depths in the sources, in `tsc`'s
 * output and in the bundled CLI, so a fixed `../..` would be right in only some of them.
 */
export function installRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && packageName(manifest) === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`ldp's package.json not found above ${moduleUrl}`);
    dir = parent;
  }
}

function packageName(manifest: string): string | undefined {
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
}

/** ldp's version, from its package.json. */
export function installedVersion(moduleUrl: string): string {
  const manifest = join(installRoot(moduleUrl), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
