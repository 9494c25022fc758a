import { existsSync, lstatSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LdpError } from '../errors/index.js';
import type { HubClient } from './hub-client.js';
import {
  type InstalledPackage,
  listInstalledPackages,
  lockSource,
  writeInstalledRecord,
} from './installed-packages.js';
import type { LockedPackage } from './lock-file.js';
import { readPackageProject } from './package-project.js';
import type { PackageSources } from './package-sources.js';

export interface InstallContext {
  readonly root: string;
  /** `packages-install-path`, relative to `root`. */
  readonly installPath: string;
  readonly hub: HubClient;
  readonly sources: PackageSources;
  /** Told about each package: installed now, or already there at the locked version. */
  readonly onPackage: (pkg: InstalledPackage, status: 'installed' | 'up to date') => void;
}

/**
 * Installs the locked packages into the install path. A package already installed from the same
 * lock entry is kept as it is (so a lock with installed packages needs no network); others are
 * fetched into the work folder and renamed into place, so a folder is never half-installed.
 * Local packages become symlinks, as dbt installs them. Folders of packages no longer locked
 * are removed; the record of what is installed is written last.
 */
export async function installPackages(
  locked: readonly LockedPackage[],
  context: InstallContext,
): Promise<InstalledPackage[]> {
  const installDir = resolve(context.root, context.installPath);
  const before = new Map(listInstalledPackages(context.root, context.installPath).map((p) => [p.name, p]));
  const installed: InstalledPackage[] = [];
  for (const pkg of locked) {
    const source = lockSource(pkg);
    const current = before.get(pkg.name);
    if (current !== undefined && JSON.stringify(current.source) === JSON.stringify(source)) {
      installed.push(current);
      context.onPackage(current, 'up to date');
      continue;
    }
    const fresh = await installOne(pkg, installDir, context);
    installed.push(fresh);
    // The record stays true after each package, should a later one fail.
    before.set(fresh.name, fresh);
    writeInstalledRecord(installDir, [...before.values()]);
    context.onPackage(fresh, 'installed');
  }
  removeUnlisted(installDir, new Set(installed.map((p) => p.name)));
  writeInstalledRecord(installDir, installed);
  return installed;
}

async function installOne(
  pkg: LockedPackage,
  installDir: string,
  context: InstallContext,
): Promise<InstalledPackage> {
  const { dir, link } = await fetchLocked(pkg, context);
  const project = readPackageProject(dir, `package '${pkg.name}'`, undefined);
  placeAtomically(dir, join(installDir, project.name), link);
  const version = pkg.kind === 'hub' ? pkg.version : pkg.kind === 'git' ? pkg.revision : project.version;
  return {
    name: project.name,
    dir: join(installDir, project.name),
    ...(version !== undefined ? { version } : {}),
    kind: pkg.kind,
    source: lockSource(pkg),
  };
}

async function fetchLocked(
  pkg: LockedPackage,
  context: InstallContext,
): Promise<{ dir: string; link: boolean }> {
  switch (pkg.kind) {
    case 'hub': {
      const published = await context.hub.versions(pkg.package);
      const version = published.find((v) => v.version === pkg.version);
      if (version === undefined) {
        throw new LdpError({
          code: 'LDP858',
          message: `${pkg.package} ${pkg.version} from package-lock.yml is no longer published on the hub`,
          hint: 'Run `ldp deps --upgrade` to choose a published version.',
        });
      }
      const what = `hub package ${pkg.package} ${pkg.version}`;
      return { dir: await context.sources.tarball(version.tarball, what, undefined), link: false };
    }
    case 'git': {
      const checkout = await context.sources.git(pkg.url, pkg.revision, pkg.subdirectory, undefined);
      return { dir: checkout.packageDir, link: false };
    }
    case 'local': {
      const dir = resolve(context.root, pkg.local);
      if (!existsSync(dir)) {
        throw new LdpError({
          code: 'LDP861',
          message: `local package folder ${dir} from package-lock.yml does not exist`,
          hint: 'Fix the path in the packages file and run `ldp deps --upgrade`.',
        });
      }
      return { dir, link: true };
    }
    case 'tarball':
      return {
        dir: await context.sources.tarball(pkg.url, `tarball package '${pkg.name}'`, undefined),
        link: false,
      };
  }
}

/** Moves (or links) `from` to `target` by renames in the install folder: never a half-filled folder. */
function placeAtomically(from: string, target: string, link: boolean): void {
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = `${target}.ldp-staging-${suffix}`;
  if (link) symlinkSync(from, staging, 'junction');
  else renameSync(from, staging);
  if (exists(target)) {
    const old = `${target}.ldp-old-${suffix}`;
    renameSync(target, old);
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(staging, target);
  }
}

/** dbt empties the install path on each install; ldp keeps what is current and removes the rest. */
function removeUnlisted(installDir: string, keep: ReadonlySet<string>): void {
  for (const entry of readdirSync(installDir)) {
    if (keep.has(entry) || entry.startsWith('.ldp-')) continue;
    rmSync(join(installDir, entry), { recursive: true, force: true });
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
