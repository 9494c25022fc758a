import { silentReporter } from '../../model/reporter.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { cleanProject } from './clean-targets.js';

/** `ldp clean`: needs the project file only, so it works even when models do not parse. */
export async function clean(options: ProjectOptions): Promise<string[]> {
  const project = await loadProjectOnly(options);
  const removed = cleanProject(project);
  (options.reporter ?? silentReporter).report({
    kind: 'info',
    message: removed.length > 0 ? `Removed ${removed.join(', ')}` : 'Nothing to clean',
  });
  return removed;
}
