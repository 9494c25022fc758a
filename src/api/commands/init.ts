import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LdpError } from '../../errors/index.js';
import { installRoot } from '../../util/install-root.js';

const TEMPLATE_DIR = join(installRoot(import.meta.url), 'templates', 'project');

/**
 * `ldp init <dir>`: a working medallion project (seeds → bronze → silver → gold, a macro,
 * tests) named after the folder. Refuses to write into a non-empty folder.
 */
export function initProject(dir: string, name?: string): { path: string; projectName: string } {
  const target = resolve(dir);
  const projectName =
    name ??
    basename(target)
      .replace(/[^A-Za-z0-9_]/g, '_')
      .replace(/^(\d)/, '_$1');
  if (!/^[A-Za-z_]\w*$/.test(projectName)) {
    throw new LdpError({
      code: 'LDP902',
      message: `'${projectName}' is not a valid project name`,
      hint: 'Use letters, digits and underscores, starting with a letter: ldp init my_project',
    });
  }
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new LdpError({
      code: 'LDP903',
      message: `${dir} exists and is not empty`,
      hint: 'Choose a new folder name, or empty the folder first.',
    });
  }
  cpSync(TEMPLATE_DIR, target, { recursive: true });
  const projectFile = join(target, 'ldp_project.yml');
  writeFileSync(projectFile, readFileSync(projectFile, 'utf8').replaceAll('{{project_name}}', projectName));
  return { path: target, projectName };
}
