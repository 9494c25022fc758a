import semver from 'semver';

/**
 * dbt's version rules for packages: each spec is one comparison (`>=1.0.0`, `<2.0.0`, `=1.2.3`
 * or a bare `1.2.3`) with a full `major.minor.patch` version; a list means all of them.
 * Prereleases are only chosen when asked for (`install-prerelease: true`) or named in a spec.
 */
export interface VersionSpec {
  readonly operator: '>=' | '>' | '<=' | '<' | '=';
  readonly version: string;
  readonly prerelease: boolean;
}

const SPEC = /^\s*(>=|<=|>|<|=)?\s*v?(\S+)\s*$/;

/** The parsed spec, or undefined when it is not one of dbt's forms. */
export function parseVersionSpec(text: string): VersionSpec | undefined {
  const match = SPEC.exec(text);
  if (!match) return undefined;
  const version = semver.valid(match[2]!);
  if (version === null || !/^\d+\.\d+\.\d+/.test(match[2]!)) return undefined;
  const operator = (match[1] ?? '=') as VersionSpec['operator'];
  return { operator, version, prerelease: semver.prerelease(version) !== null };
}

export function satisfiesSpec(version: string, spec: VersionSpec): boolean {
  const order = semver.compare(version, spec.version);
  switch (spec.operator) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0;
    case '=':
      return order === 0;
  }
}

/** `>=1.0.0, <2.0.0` for messages; `any version` for none. */
export function formatSpecs(specs: readonly string[]): string {
  return specs.length === 0 ? 'any version' : specs.join(', ');
}

/**
 * The versions of `available` (published, valid semver) that every spec allows, newest first.
 * Prereleases count only when `allowPrerelease`.
 */
export function matchingVersions(
  available: readonly string[],
  specs: readonly VersionSpec[],
  allowPrerelease: boolean,
): string[] {
  return available
    .filter((version) => semver.valid(version) !== null)
    .filter((version) => allowPrerelease || semver.prerelease(version) === null)
    .filter((version) => specs.every((spec) => satisfiesSpec(version, spec)))
    .sort(semver.rcompare);
}

/** Whether ldp's dbt version meets a package's `require-dbt-version` (absent or unreadable: yes). */
export function meetsDbtRequirement(dbtVersion: string, required: unknown): boolean {
  if (required === undefined || required === null) return true;
  const list = [required].flat().map(String);
  return list.every((text) => {
    const spec = parseVersionSpec(text);
    return spec === undefined || satisfiesSpec(dbtVersion, spec);
  });
}
