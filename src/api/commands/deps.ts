import { silentReporter } from '../../model/reporter.js';
import {
  type AddPackageSource,
  addPackage,
  DEFAULT_HUB_URL,
  type DependenciesResult,
  installDependencies,
  LOCK_FILE,
} from '../../packages/index.js';
import { loadProjectFileOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { projectValueRenderer } from '../session/render-project-value.js';

export interface DepsOptions extends ProjectOptions {
  /** Resolve again even when package-lock.yml matches (`--upgrade`). */
  readonly upgrade?: boolean;
  /** Write package-lock.yml only (`--lock`). */
  readonly lockOnly?: boolean;
  /** `--add-package name@version` (with `--source`): added to the packages file first. */
  readonly addPackage?: { readonly argument: string; readonly source?: AddPackageSource };
  /** Replaces the global fetch (tests); the hub's base URL comes from DBT_PACKAGE_HUB_URL. */
  readonly fetchFn?: typeof fetch;
}

/**
 * `ldp deps`: resolves packages.yml / dependencies.yml into package-lock.yml and installs the
 * locked packages into `packages-install-path`. Needs the project file only.
 */
export async function deps(options: DepsOptions): Promise<DependenciesResult> {
  const project = loadProjectFileOnly(options);
  const env = options.env ?? process.env;
  const reporter = options.reporter ?? silentReporter;
  if (options.addPackage !== undefined) {
    const file = addPackage(project.root, options.addPackage.argument, options.addPackage.source);
    reporter.report({ kind: 'info', message: `Added ${options.addPackage.argument} to ${file}` });
  }
  const result = await installDependencies({
    root: project.root,
    rootName: project.config.name,
    installPath: project.config.packagesInstallPath,
    render: projectValueRenderer(env),
    hubUrl: env['DBT_PACKAGE_HUB_URL'] || DEFAULT_HUB_URL,
    ...(options.fetchFn !== undefined ? { fetchFn: options.fetchFn } : {}),
    ...(options.upgrade !== undefined ? { upgrade: options.upgrade } : {}),
    ...(options.lockOnly !== undefined ? { lockOnly: options.lockOnly } : {}),
    onLockWritten: (_path, locked) =>
      reporter.report({ kind: 'info', message: `Wrote ${LOCK_FILE} with ${locked.length} package(s)` }),
    warn: (diagnostic) => reporter.report({ kind: 'diagnostic', diagnostic }),
    onPackage: (pkg, status) =>
      reporter.report({
        kind: 'info',
        message: `${status === 'installed' ? 'Installed' : 'Up to date:'} ${pkg.name}${pkg.version ? ` ${pkg.version}` : ''} (${pkg.kind})`,
      }),
  });
  if (result.packagesFile === undefined || result.locked.length === 0)
    reporter.report({ kind: 'info', message: 'No packages found in packages.yml or dependencies.yml' });
  return result;
}
