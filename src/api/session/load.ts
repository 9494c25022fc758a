import { homedir } from 'node:os';
import type { Project } from '../../model/project.js';
import { listInstalledPackages } from '../../packages/index.js';
import { loadProject, parseCliVars } from '../../project/index.js';
import type { ProjectOptions } from './options.js';
import { projectValueRenderer } from './render-project-value.js';

/** Reads the project folder and profile, nothing more: no templates rendered. */
export async function loadProjectOnly(options: ProjectOptions): Promise<Project> {
  const env = options.env ?? process.env;
  return loadProject({
    projectDir: options.projectDir,
    ...(options.profilesDir !== undefined ? { profilesDir: options.profilesDir } : {}),
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.vars !== undefined ? { vars: options.vars } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    env,
    homeDir: options.homeDir ?? homedir(),
    renderString: projectValueRenderer(env, cliVarsOrNone(options.vars)),
    installedPackages: listInstalledPackages,
  });
}

/** `--vars` for rendering the project file; malformed text is reported by `loadProject` itself. */
function cliVarsOrNone(text: string | undefined): Readonly<Record<string, unknown>> {
  try {
    return parseCliVars(text);
  } catch {
    return {};
  }
}
