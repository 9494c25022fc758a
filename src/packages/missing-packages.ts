import { resolve } from 'node:path';
import type { RenderString } from '../config/render-values.js';
import { LdpError } from '../errors/index.js';
import { type InstalledPackage, listInstalledPackages } from './installed-packages.js';
import type { PackageSpec } from './package-spec.js';
import { readPackagesFile } from './packages-file.js';

/** The key of the packages file entry that names where a package comes from. */
const SOURCE_KEY: Record<PackageSpec['kind'], string> = {
  hub: 'package',
  git: 'git',
  local: 'local',
  tarball: 'tarball',
};

/**
 * The root project's packages that `ldp deps` has not installed, as dbt refuses to parse then
 * ("dbt found N package(s) specified in packages.yml, but only M package(s) installed"): an
 * error naming each missing one, or undefined when all are installed. An entry is installed when
 * the record of `ldp deps` holds a package locked from the same source as written.
 */
export function missingPackagesError(
  root: string,
  installPath: string,
  render: RenderString,
): LdpError | undefined {
  let file: ReturnType<typeof readPackagesFile>;
  try {
    file = readPackagesFile(root, render);
  } catch {
    return undefined; // A malformed packages file is `ldp deps`'s to report, with its position.
  }
  if (!file || file.specs.length === 0) return undefined;
  const installed = listInstalledPackages(root, installPath);
  const missing = file.specs.filter((spec) => !installed.some((pkg) => sameSource(root, spec, pkg)));
  if (missing.length === 0) return undefined;
  const named = missing.map((spec) => `'${String(spec.asWritten[SOURCE_KEY[spec.kind]])}'`).join(', ');
  const first = missing[0]!;
  return new LdpError({
    code: 'LDP239',
    message: `${file.file} lists ${file.specs.length} package(s), but only ${file.specs.length - missing.length} of them are installed in ${installPath}/: ${named} ${missing.length === 1 ? 'is' : 'are'} missing`,
    span: first.required.span,
    hint: 'Run `ldp deps` to install the packages, then run this command again.',
  });
}

function sameSource(root: string, spec: PackageSpec, pkg: InstalledPackage): boolean {
  if (pkg.kind !== spec.kind) return false;
  const key = SOURCE_KEY[spec.kind];
  const [written, locked] = [String(spec.asWritten[key]), pkg.source[key] ?? ''];
  switch (spec.kind) {
    case 'local':
      return resolve(root, written) === resolve(root, locked);
    case 'hub':
      return written.toLowerCase() === locked.toLowerCase();
    case 'git':
      return written === locked && (spec.subdirectory ?? '') === (pkg.source['subdirectory'] ?? '');
    case 'tarball':
      return written === locked;
  }
}
