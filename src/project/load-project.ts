import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RenderString } from '../config/render-values.js';
import { Diagnostics, LdpError } from '../errors/index.js';
import type { Project } from '../model/project.js';
import { parseCliVars } from './cli-vars.js';
import { discoverFiles } from './discover-files.js';
import { type InstalledPackageDir, loadPackages } from './load-packages.js';
import { resolveTarget } from './profiles.js';
import { readProjectFile } from './read-project-file.js';
import { readSelectors } from './read-selectors.js';

export interface LoadProjectOptions {
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly vars?: string;
  readonly threads?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  /** Renders Jinja in project and profile values (`{{ env_var('X') }}`); identity by default. */
  readonly renderString?: RenderString;
  /**
   * The packages `ldp deps` installed below `installPath` (`listInstalledPackages`): read as
   * part of the project. None by default.
   */
  readonly installedPackages?: (root: string, installPath: string) => readonly InstalledPackageDir[];
}

/** The absolute project folder; LDP100 when it is not a folder. */
export function projectRoot(projectDir: string): string {
  const root = resolve(projectDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new LdpError({
      code: 'LDP100',
      message: `project folder ${projectDir} does not exist`,
      hint: 'Check --project-dir.',
    });
  }
  return root;
}

/** Reads the project folder: project file, profile, vars, files, selectors. Throws every error at once. */
export async function loadProject(options: LoadProjectOptions): Promise<Project> {
  const root = projectRoot(options.projectDir);
  const render = options.renderString ?? ((text: string) => text);
  const diagnostics = new Diagnostics();
  const projectFile = readProjectFile(root, render);
  for (const error of projectFile.errors) diagnostics.error(error);
  const config = projectFile.config;
  const cliVars = diagnostics.capture(() => parseCliVars(options.vars)) ?? {};
  const target = config
    ? diagnostics.capture(() =>
        resolveTarget({
          projectRoot: root,
          projectName: config.name,
          ...(config.profile !== undefined ? { profileName: config.profile } : {}),
          ...(options.profilesDir !== undefined ? { profilesDir: options.profilesDir } : {}),
          ...(options.target !== undefined ? { target: options.target } : {}),
          ...(options.threads !== undefined ? { threads: options.threads } : {}),
          env: options.env,
          homeDir: options.homeDir,
          renderString: render,
        }),
      )
    : undefined;
  const files = config
    ? discoverFiles(root, config, { skip: target ? [target.target.warehousePath] : [] })
    : [];
  const loaded = config
    ? loadPackages(options.installedPackages?.(root, config.packagesInstallPath) ?? [], {
        rootDir: root,
        rootConfig: config,
        cliVars,
        render,
      })
    : { packages: [], errors: [] };
  for (const error of loaded.errors) diagnostics.error(error);
  const selectors = diagnostics.capture(() => readSelectors(root)) ?? {};
  diagnostics.throwIfErrors();
  return {
    root,
    configFile: projectFile.file,
    config: config!,
    target: target!.target,
    vars: { ...projectVars(config!.vars, config!.name), ...cliVars },
    cliVars,
    files,
    packages: loaded.packages,
    selectors,
    warnings: [...projectFile.warnings, ...target!.warnings],
  };
}

/** Global vars plus those scoped to this project (`vars: {my_project: {x: 1}}`), as dbt reads them. */
function projectVars(vars: Readonly<Record<string, unknown>>, projectName: string): Record<string, unknown> {
  const scoped = vars[projectName];
  const global = Object.fromEntries(Object.entries(vars).filter(([key]) => key !== projectName));
  return scoped !== null && typeof scoped === 'object' && !Array.isArray(scoped)
    ? { ...global, ...scoped }
    : { ...vars };
}
