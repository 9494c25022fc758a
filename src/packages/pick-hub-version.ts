import { LdpError } from '../errors/index.js';
import type { HubVersion } from './hub-client.js';
import type { PackageSpec } from './package-spec.js';
import {
  formatSpecs,
  matchingVersions,
  meetsDbtRequirement,
  parseVersionSpec,
  type VersionSpec,
} from './version-spec.js';

type HubSpec = Extract<PackageSpec, { kind: 'hub' }>;

/**
 * The newest published version every requirement allows (or `preferred`, the version an
 * earlier round chose, while it still fits). Versions that need another dbt are left out.
 * When none fits, the error names the requirements that cannot hold together, with their specs.
 */
export function pickHubVersion(
  requirements: readonly HubSpec[],
  published: readonly HubVersion[],
  dbtVersion: string,
  preferred: string | undefined,
): HubVersion {
  const usable = published.filter((v) => meetsDbtRequirement(dbtVersion, v.requireDbtVersion));
  const available = usable.map((v) => v.version);
  const parsed = requirements.map((req) => ({ req, specs: parseSpecs(req) }));
  const allowPrerelease = parsed.some(
    ({ req, specs }) => req.installPrerelease || specs.some((s) => s.prerelease),
  );
  const all = parsed.flatMap(({ specs }) => specs);
  const fits = matchingVersions(available, all, allowPrerelease);
  const chosen = preferred !== undefined && fits.includes(preferred) ? preferred : fits[0];
  if (chosen !== undefined) return usable.find((v) => v.version === chosen)!;
  const pkg = requirements[0]!.package;
  for (const one of parsed) {
    if (matchingVersions(available, one.specs, allowPrerelease).length === 0)
      throw noVersion(pkg, one.req, available, published.length - usable.length);
  }
  for (const [i, a] of parsed.entries()) {
    for (const b of parsed.slice(i + 1)) {
      if (matchingVersions(available, [...a.specs, ...b.specs], allowPrerelease).length === 0)
        throw conflict(pkg, [a.req, b.req]);
    }
  }
  throw conflict(pkg, requirements);
}

function parseSpecs(req: HubSpec): VersionSpec[] {
  return req.versions.map((text) => {
    const spec = parseVersionSpec(text);
    if (spec === undefined) {
      throw new LdpError({
        code: 'LDP852',
        message: `'${text}' is not a version spec for ${req.package} (${req.required.by})`,
        span: req.required.span,
        hint: 'Write a full version with an optional comparison, one per list item: version: [">=1.0.0", "<2.0.0"].',
      });
    }
    return spec;
  });
}

function noVersion(pkg: string, req: HubSpec, available: readonly string[], leftOut: number): LdpError {
  const shown = [...available].slice(-12).join(', ') || 'none';
  return new LdpError({
    code: 'LDP858',
    message: `no published version of ${pkg} matches ${formatSpecs(req.versions)} (${req.required.by})`,
    span: req.required.span,
    hint: `Published versions: ${shown}${leftOut > 0 ? ` (${leftOut} more need another dbt version)` : ''}. Prereleases need install-prerelease: true.`,
  });
}

function conflict(pkg: string, reqs: readonly HubSpec[]): LdpError {
  const asks = reqs.map((r) => `${r.required.by} asks for ${formatSpecs(r.versions)}`);
  return new LdpError({
    code: 'LDP856',
    message: `conflicting version requirements for ${pkg}: ${asks.join(' and ')}; no published version meets all of them`,
    span: reqs[0]!.required.span,
    related: reqs.slice(1).map((r) => ({
      message: `${r.required.by} asks for ${formatSpecs(r.versions)}`,
      span: r.required.span,
    })),
    hint: `Change one of the version ranges so they overlap (or use versions of the requiring packages that agree on ${pkg}).`,
  });
}
