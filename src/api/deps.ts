import { silentReporter } from '../model/reporter.js';
import {
  DEFAULT_HUB_URL,
  type DependenciesResult,
  installDependencies,
  LOCK_FILE,
} from '../packages/index.js';
import { loadProjectOnly } from './load.js';
import type { ProjectOptions } from './options.js';
import { renderProjectValue } from './render-project-value.js';

export interface DepsOptions extends ProjectOptions {
  /** Resolve again even when package-lock.yml matches (`--upgrade`). */
  readonly upgrade?: boolean;
  /** Write package-lock.yml only (`--lock`). */
  readonly lockOnly?: boolean;
  /** Replaces the global fetch (tests); the hub's base URL comes from DBT_PACKAGE_HUB_URL. */
  readonly fetchFn?: typeof fetch;
}

/**
 * `ldp deps`: resolves packages.yml / dependencies.yml into package-lock.yml and installs the
 * locked packages into `packages-install-path`. Needs the project file only.
 */
export async function deps(options: DepsOptions): Promise<DependenciesResult> {
  const project = await loadProjectOnly(options);
  const env = options.env ?? process.env;
  const reporter = options.reporter ?? silentReporter;
  const result = await installDependencies({
    root: project.root,
    rootName: project.config.name,
    installPath: project.config.packagesInstallPath,
    render: (text, span) => renderProjectValue(text, span, env),
    hubUrl: env['DBT_PACKAGE_HUB_URL'] || DEFAULT_HUB_URL,
    ...(options.fetchFn !== undefined ? { fetchFn: options.fetchFn } : {}),
    ...(options.upgrade !== undefined ? { upgrade: options.upgrade } : {}),
    ...(options.lockOnly !== undefined ? { lockOnly: options.lockOnly } : {}),
    warn: (diagnostic) => reporter.report({ kind: 'diagnostic', diagnostic }),
    onPackage: (pkg, status) =>
      reporter.report({
        kind: 'info',
        message: `${status === 'installed' ? 'Installed' : 'Up to date:'} ${pkg.name}${pkg.version ? ` ${pkg.version}` : ''} (${pkg.kind})`,
      }),
  });
  if (result.packagesFile === undefined || result.locked.length === 0) {
    reporter.report({ kind: 'info', message: 'No packages found in packages.yml or dependencies.yml' });
  } else if (result.lockWritten) {
    reporter.report({ kind: 'info', message: `Wrote ${LOCK_FILE} with ${result.locked.length} package(s)` });
  }
  return result;
}
