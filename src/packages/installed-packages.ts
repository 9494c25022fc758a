import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LockedPackage } from './lock-file.js';

/** The record `ldp deps` keeps of what it installed, inside the install path. */
export const INSTALLED_RECORD = '.ldp-packages.json';

/** One installed package, for the project reader. */
export interface InstalledPackage {
  /** Its project name, which is also its folder name. */
  readonly name: string;
  /** Absolute path of its folder (a symlink for `local:` packages, as dbt installs them). */
  readonly dir: string;
  /** Hub version, git commit, or the project file's `version:` for local and tarball packages. */
  readonly version?: string;
  readonly kind: LockedPackage['kind'];
  /** The lock entry it was installed from, as written there. */
  readonly source: Readonly<Record<string, string>>;
}

interface RecordFile {
  readonly schemaVersion: 1;
  readonly packages: readonly (Omit<InstalledPackage, 'dir'> & { readonly folder: string })[];
}

/**
 * The packages `ldp deps` installed for a project, in lock order: read from its record in the
 * install path (`packages-install-path`, relative to `root`), keeping only folders that exist.
 * Empty when nothing was installed.
 */
export function listInstalledPackages(root: string, installPath = 'dbt_packages'): InstalledPackage[] {
  const installDir = resolve(root, installPath);
  const path = join(installDir, INSTALLED_RECORD);
  if (!existsSync(path)) return [];
  let record: RecordFile;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as RecordFile;
  } catch {
    return []; // A damaged record means "install again": `ldp deps` rewrites it.
  }
  if (record.schemaVersion !== 1 || !Array.isArray(record.packages)) return [];
  return record.packages
    .map(({ folder, ...rest }) => ({ ...rest, dir: join(installDir, folder) }))
    .filter((pkg) => existsSync(pkg.dir));
}

/** Writes the record: aside first, then moved in, so a reader never sees half of it. */
export function writeInstalledRecord(installDir: string, packages: readonly InstalledPackage[]): void {
  const record: RecordFile = {
    schemaVersion: 1,
    packages: packages.map(({ dir: _dir, ...rest }) => ({ ...rest, folder: rest.name })),
  };
  const path = join(installDir, INSTALLED_RECORD);
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(aside, path);
}

/** The lock entry as the record keeps it: without rendered URLs, so no secret is written. */
export function lockSource(locked: LockedPackage): Record<string, string> {
  switch (locked.kind) {
    case 'hub':
      return { package: locked.package, version: locked.version };
    case 'git':
      return {
        git: locked.git,
        revision: locked.revision,
        ...(locked.subdirectory !== undefined ? { subdirectory: locked.subdirectory } : {}),
      };
    case 'local':
      return { local: locked.local };
    case 'tarball':
      return { tarball: locked.tarball };
  }
}
