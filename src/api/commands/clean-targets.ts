import { rmSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LdpError } from '../../errors/index.js';
import type { Project } from '../../model/project.js';

/** `ldp clean`: deletes the project's `clean-targets`, never anything outside the project folder. */
export function cleanProject(project: Project): string[] {
  const removed: string[] = [];
  for (const entry of project.config.cleanTargets) {
    const path = resolve(project.root, entry);
    const rel = relative(project.root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new LdpError({
        code: 'LDP104',
        message: `clean-targets entry '${entry}' is outside the project folder (or is the folder itself)`,
        span: project.config.spans['clean-targets'],
        hint: 'List only folders inside the project, e.g. clean-targets: [target].',
      });
    }
    rmSync(path, { recursive: true, force: true });
    removed.push(rel);
  }
  return removed;
}
