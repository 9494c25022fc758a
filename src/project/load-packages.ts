import { posix, relative, sep } from 'node:path';
import type { RenderString } from '../config/render-values.js';
import { LdpError } from '../errors/index.js';
import type { ConfigTree, ProjectConfig, ProjectPackage, SourceFile } from '../model/project.js';
import { discoverFiles } from './discover-files.js';
import { relocatedFile } from './disk-file.js';
import { mergeTrees, readProjectFile } from './read-project-file.js';

/** A package `ldp deps` installed: its project name and folder. */
export interface InstalledPackageDir {
  readonly name: string;
  readonly dir: string;
}

/** What the root project gives each package: its config trees, vars and `--vars`. */
export interface PackageScope {
  readonly rootDir: string;
  readonly rootConfig: ProjectConfig;
  readonly cliVars: Readonly<Record<string, unknown>>;
  readonly render: RenderString;
}

/**
 * Reads each installed package as dbt loads a dependency: its own project file, its files below
 * its configured paths, the root project's config for it, and its vars. Problems in a package's
 * project file point at that file below the root project.
 */
export function loadPackages(
  installed: readonly InstalledPackageDir[],
  scope: PackageScope,
): { packages: ProjectPackage[]; errors: LdpError[] } {
  const packages: ProjectPackage[] = [];
  const errors: LdpError[] = [];
  for (const pkg of installed) {
    const folder = toPosix(relative(scope.rootDir, pkg.dir));
    let read: ReturnType<typeof readProjectFile>;
    try {
      read = readProjectFile(pkg.dir, scope.render);
    } catch (error) {
      if (!(error instanceof LdpError)) throw error;
      errors.push(inPackage(error, folder));
      continue;
    }
    // Warnings about a package's own project file are not the user's to fix; errors are.
    errors.push(...read.errors.map((error) => inPackage(error, folder)));
    if (read.config === undefined) continue;
    const config = withRootConfig(read.config, scope.rootConfig);
    const files = discoverFiles(pkg.dir, config);
    packages.push({
      name: config.name,
      root: pkg.dir,
      folder,
      config,
      files: files.map((file) => belowRoot(file, folder)),
      vars: packageVars(read.config, scope),
    });
  }
  return { packages, errors };
}

/** The root project's `models:`/`seeds:`/… entries win over the package's own, as in dbt. */
function withRootConfig(own: ProjectConfig, root: ProjectConfig): ProjectConfig {
  const merged = (ownTree: ConfigTree, rootTree: ConfigTree): ConfigTree => mergeTrees(ownTree, rootTree);
  return {
    ...own,
    models: merged(own.models, root.models),
    seeds: merged(own.seeds, root.seeds),
    snapshots: merged(own.snapshots, root.snapshots),
    dataTests: merged(own.dataTests, root.dataTests),
  };
}

/** dbt's var precedence for a package's nodes (lowest first): its own, the root's, `--vars`. */
function packageVars(own: ProjectConfig, scope: PackageScope): Record<string, unknown> {
  return {
    ...scopedVars(own.vars, own.name),
    ...scopedVars(scope.rootConfig.vars, own.name),
    ...scope.cliVars,
  };
}

/** Global vars, then those under the project's name (`vars: {dbt_utils: {x: 1}}`). */
function scopedVars(vars: Readonly<Record<string, unknown>>, projectName: string): Record<string, unknown> {
  const scoped = vars[projectName];
  const global = Object.fromEntries(Object.entries(vars).filter(([key]) => key !== projectName));
  return scoped !== null && typeof scoped === 'object' && !Array.isArray(scoped)
    ? { ...global, ...(scoped as Record<string, unknown>) }
    : global;
}

function belowRoot(file: SourceFile, folder: string): SourceFile {
  return relocatedFile(file, posix.join(folder, file.path), posix.join(folder, file.rootPath));
}

function inPackage(error: LdpError, folder: string): LdpError {
  if (error.span === undefined) return error;
  return error.withSpan({ ...error.span, file: posix.join(folder, error.span.file) }, error.source);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
