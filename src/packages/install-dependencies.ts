import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RenderString } from '../config/render-values.js';
import type { LdpError } from '../errors/index.js';
import { DBT_COMPATIBLE_VERSION } from './dbt-version.js';
import { DEFAULT_HUB_URL, HubClient } from './hub-client.js';
import { installPackages } from './install-packages.js';
import type { InstalledPackage } from './installed-packages.js';
import { type LockedPackage, packagesHash, readLockFile, writeLockFile } from './lock-file.js';
import { PackageSources } from './package-sources.js';
import { readPackagesFile } from './packages-file.js';
import { resolvePackages } from './resolve-packages.js';

export interface DependenciesOptions {
  /** The root project folder (absolute). */
  readonly root: string;
  readonly rootName: string;
  /** `packages-install-path`, relative to `root`. */
  readonly installPath: string;
  /** Renders `{{ env_var() }}` in packages.yml and the lock's URLs. */
  readonly render: RenderString;
  /** The package hub (`DBT_PACKAGE_HUB_URL`); default hub.getdbt.com. */
  readonly hubUrl?: string;
  readonly fetchFn?: typeof fetch;
  /** Resolve again even when package-lock.yml matches the packages file (`--upgrade`). */
  readonly upgrade?: boolean;
  /** Write package-lock.yml only, install nothing (`--lock`). */
  readonly lockOnly?: boolean;
  readonly warn: (warning: LdpError) => void;
  /** Told when package-lock.yml was written (resolved again). */
  readonly onLockWritten?: (path: string, packages: readonly LockedPackage[]) => void;
  readonly onPackage: (pkg: InstalledPackage, status: 'installed' | 'up to date') => void;
}

export interface DependenciesResult {
  /** `packages.yml` / `dependencies.yml`, or undefined when the project has neither. */
  readonly packagesFile?: string;
  readonly locked: readonly LockedPackage[];
  /** True when package-lock.yml was written (resolved again), false when it was honoured. */
  readonly lockWritten: boolean;
  readonly installed: readonly InstalledPackage[];
}

/**
 * `ldp deps`, as dbt does it: package-lock.yml is honoured while its `sha1_hash` matches the
 * packages file; otherwise (or with `upgrade`) the packages are resolved and the lock written.
 * Then the locked packages are installed (unless `lockOnly`).
 */
export async function installDependencies(options: DependenciesOptions): Promise<DependenciesResult> {
  const { root, render } = options;
  const file = readPackagesFile(root, render);
  const specs = file?.specs ?? [];
  const installDir = resolve(root, options.installPath);
  if (specs.length === 0) {
    const installed = existsSync(installDir) && !options.lockOnly ? await cleanInstall(options) : [];
    return { ...(file ? { packagesFile: file.file } : {}), locked: [], lockWritten: false, installed };
  }
  const fetchFn = options.fetchFn ?? fetch;
  const hub = new HubClient(options.hubUrl ?? DEFAULT_HUB_URL, fetchFn);
  const sources = new PackageSources(installDir, fetchFn);
  try {
    const hash = packagesHash(file!.entriesAsWritten);
    const existing = options.upgrade === true ? undefined : readLockFile(root, render, hash);
    const stale = existing === undefined || options.upgrade === true || existing.sha1Hash !== hash;
    const locked = stale
      ? await resolvePackages(specs, {
          root,
          rootName: options.rootName,
          render,
          hub,
          sources,
          dbtVersion: DBT_COMPATIBLE_VERSION,
          warn: options.warn,
        })
      : existing.packages;
    if (stale) options.onLockWritten?.(writeLockFile(root, { packages: locked, sha1Hash: hash }), locked);
    const installed = options.lockOnly
      ? []
      : await installPackages(locked, {
          root,
          installPath: options.installPath,
          hub,
          sources,
          onPackage: options.onPackage,
        });
    return { packagesFile: file!.file, locked, lockWritten: stale, installed };
  } finally {
    sources.close();
  }
}

/** No packages asked for: whatever ldp installed before goes. */
async function cleanInstall(options: DependenciesOptions): Promise<InstalledPackage[]> {
  const sources = new PackageSources(resolve(options.root, options.installPath));
  try {
    const hub = new HubClient(options.hubUrl ?? DEFAULT_HUB_URL, options.fetchFn ?? fetch);
    return await installPackages([], {
      root: options.root,
      installPath: options.installPath,
      hub,
      sources,
      onPackage: options.onPackage,
    });
  } finally {
    sources.close();
  }
}
