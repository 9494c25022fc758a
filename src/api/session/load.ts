import { homedir } from 'node:os';
import { Diagnostics } from '../../errors/index.js';
import type { Project, ProjectConfig } from '../../model/project.js';
import { listInstalledPackages } from '../../packages/index.js';
import { loadProject, parseCliVars, projectRoot, readProjectFile } from '../../project/index.js';
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

/**
 * The project file alone, for `ldp deps`: as dbt's deps, it needs no profile and reads neither the
 * project's files nor installed packages, so a model ldp cannot parse (or a broken installed
 * package) never stops the packages from being installed.
 */
export function loadProjectFileOnly(options: ProjectOptions): { root: string; config: ProjectConfig } {
  const root = projectRoot(options.projectDir);
  const env = options.env ?? process.env;
  const { config, errors } = readProjectFile(root, projectValueRenderer(env, cliVarsOrNone(options.vars)));
  const diagnostics = new Diagnostics();
  for (const error of errors) diagnostics.error(error);
  diagnostics.throwIfErrors();
  return { root, config: config! };
}

/** `--vars` for rendering the project file; malformed text is reported by `loadProject` itself. */
function cliVarsOrNone(text: string | undefined): Readonly<Record<string, unknown>> {
  try {
    return parseCliVars(text);
  } catch {
    return {};
  }
}
