import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { RenderString } from '../config/render-values.js';
import { LdpError } from '../errors/index.js';
import type { HubClient, HubVersion } from './hub-client.js';
import type { LockedPackage } from './lock-file.js';
import { readPackageProject } from './package-project.js';
import type { PackageSources } from './package-sources.js';
import { type PackageSpec, packageKey } from './package-spec.js';
import { readPackagesFile } from './packages-file.js';
import { pickHubVersion } from './pick-hub-version.js';

/** What resolving needs: the root project, the sources to fetch from, a place for warnings. */
export interface ResolveContext {
  readonly root: string;
  readonly rootName: string;
  readonly render: RenderString;
  readonly hub: HubClient;
  readonly sources: PackageSources;
  readonly dbtVersion: string;
  readonly warn: (warning: LdpError) => void;
}

interface Pin {
  readonly locked: LockedPackage;
  /** What the pinned package asks for in turn. */
  readonly dependencies: readonly PackageSpec[];
}

const MAX_ROUNDS = 10;

/**
 * The packages of `specs` and everything they ask for, each pinned once (dbt's resolution):
 * requirements of one hub package are combined and its newest version meeting all of them is
 * chosen; git packages must agree on one revision. Resolving walks the requirements again until
 * every chosen version is the one its full set of requirements picks, so a version chosen early
 * never leaves its own requirements behind. Order: first asked for, first listed.
 */
export async function resolvePackages(
  specs: readonly PackageSpec[],
  context: ResolveContext,
): Promise<LockedPackage[]> {
  let preferred = new Map<string, string>();
  const warned = new Set<string>();
  // Each round walks the packages again: a warning is reported once.
  const quiet = {
    ...context,
    warn: (warning: LdpError) => {
      if (warned.has(warning.message)) return;
      warned.add(warning.message);
      context.warn(warning);
    },
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { order, pins, requirements } = await walk(specs, quiet, preferred);
    const settled = new Map<string, string>();
    for (const key of order) {
      const pin = pins.get(key)!;
      if (pin.locked.kind !== 'hub') continue;
      const reqs = requirements.get(key)! as Extract<PackageSpec, { kind: 'hub' }>[];
      const published = await context.hub.versions(reqs[0]!.package, reqs[0]!.required.span);
      settled.set(key, pickHubVersion(reqs, published, context.dbtVersion, pin.locked.version).version);
    }
    const stable = [...settled].every(([key, version]) => {
      const locked = pins.get(key)!.locked;
      return locked.kind === 'hub' && locked.version === version;
    });
    if (stable)
      return checkNames(
        order.map((key) => pins.get(key)!.locked),
        context.rootName,
      );
    preferred = settled;
  }
  throw new LdpError({
    code: 'LDP856',
    message: `package versions did not settle after ${MAX_ROUNDS} rounds of resolution`,
    hint: 'Pin the hub packages that depend on each other to exact versions.',
  });
}

async function walk(
  specs: readonly PackageSpec[],
  context: ResolveContext,
  preferred: ReadonlyMap<string, string>,
) {
  const order: string[] = [];
  const requirements = new Map<string, PackageSpec[]>();
  const pins = new Map<string, Pin>();
  let queue = [...specs];
  while (queue.length > 0) {
    const next: PackageSpec[] = [];
    const touched = new Set<string>();
    for (const spec of queue) {
      const key = packageKey(spec);
      if (!requirements.has(key)) {
        requirements.set(key, []);
        order.push(key);
      }
      requirements.get(key)!.push(spec);
      touched.add(key);
    }
    for (const key of touched) {
      const pin = await pinPackage(requirements.get(key)!, context, preferred.get(key));
      if (sameLock(pins.get(key)?.locked, pin.locked)) continue;
      pins.set(key, pin);
      next.push(...pin.dependencies);
    }
    queue = next;
  }
  return { order, pins, requirements };
}

async function pinPackage(
  reqs: readonly PackageSpec[],
  context: ResolveContext,
  preferred: string | undefined,
): Promise<Pin> {
  const first = reqs[0]!;
  switch (first.kind) {
    case 'hub': {
      const hubReqs = reqs as Extract<PackageSpec, { kind: 'hub' }>[];
      const published = await context.hub.versions(first.package, first.required.span);
      const version = pickHubVersion(hubReqs, published, context.dbtVersion, preferred);
      return {
        locked: { kind: 'hub', name: version.name, package: first.package, version: version.version },
        dependencies: hubDependencies(first.package, version, first),
      };
    }
    case 'git':
      return pinGit(reqs as Extract<PackageSpec, { kind: 'git' }>[], context);
    case 'local': {
      if (!existsSync(first.path)) {
        throw new LdpError({
          code: 'LDP861',
          message: `local package folder ${first.path} does not exist (${first.required.by})`,
          span: first.required.span,
          hint: 'local: is a path relative to the project that lists it (or absolute).',
        });
      }
      const project = readPackageProject(first.path, `local package ${first.path}`, first.required.span);
      // An absolute path stays absolute; a relative one is kept relative to the root project.
      const written = String(first.asWritten['local'] ?? '');
      const local = isAbsolute(written)
        ? first.path
        : relative(context.root, first.path).split(sep).join('/') || '.';
      return {
        locked: { kind: 'local', name: project.name, local },
        dependencies: dependenciesOf(first.path, project.name, context, first.path),
      };
    }
    case 'tarball': {
      const dir = await context.sources.tarball(
        first.url,
        `tarball package '${first.name}'`,
        first.required.span,
      );
      const project = readPackageProject(dir, `tarball ${first.url}`, first.required.span);
      const tarball = String(first.asWritten['tarball'] ?? first.url);
      return {
        locked: { kind: 'tarball', name: project.name, tarball, url: first.url },
        dependencies: dependenciesOf(dir, project.name, context, context.root),
      };
    }
  }
}

async function pinGit(reqs: Extract<PackageSpec, { kind: 'git' }>[], context: ResolveContext): Promise<Pin> {
  const first = reqs[0]!;
  const other = reqs.find((r) => r.revision !== first.revision);
  if (other !== undefined) {
    const ask = (r: typeof first) => `${r.required.by} asks for revision ${r.revision ?? '(default branch)'}`;
    throw new LdpError({
      code: 'LDP856',
      message: `conflicting revisions of git package ${first.url}: ${ask(first)} and ${ask(other)}`,
      span: first.required.span,
      related: [{ message: ask(other), span: other.required.span }],
      hint: 'A git package is installed once: make both entries name the same revision.',
    });
  }
  const checkout = await context.sources.git(
    first.url,
    first.revision,
    first.subdirectory,
    first.required.span,
  );
  if (!checkout.pinned && reqs.some((r) => r.warnUnpinned)) {
    context.warn(
      new LdpError({
        code: 'LDP863',
        severity: 'warning',
        message: `git package ${first.url} is not pinned (revision ${first.revision ?? 'not given'} can move); package-lock.yml holds commit ${checkout.commit.slice(0, 12)}`,
        span: first.required.span,
        hint: 'Set revision: to a tag or commit, or warn-unpinned: false to accept it.',
      }),
    );
  }
  const project = readPackageProject(checkout.packageDir, `git package ${first.url}`, first.required.span);
  return {
    locked: {
      kind: 'git',
      name: project.name,
      git: String(first.asWritten['git'] ?? first.url),
      url: first.url,
      revision: checkout.commit,
      ...(first.subdirectory !== undefined ? { subdirectory: first.subdirectory } : {}),
    },
    dependencies: dependenciesOf(checkout.packageDir, project.name, context, context.root),
  };
}

function dependenciesOf(
  dir: string,
  name: string,
  context: ResolveContext,
  localBase: string,
): readonly PackageSpec[] {
  return readPackagesFile(dir, context.render, { requiredBy: `package '${name}'`, localBase })?.specs ?? [];
}

/** A hub version's own requirements, from the hub's answer (dbt reads them there, not from the tarball). */
function hubDependencies(pkg: string, version: HubVersion, parent: PackageSpec): PackageSpec[] {
  return version.packages.flatMap((entry): PackageSpec[] => {
    const name = entry['package'];
    if (typeof name !== 'string') return [];
    const versions = entry['version'];
    return [
      {
        kind: 'hub',
        package: name,
        versions: versions === undefined || versions === null ? [] : [versions].flat().map(String),
        installPrerelease: Boolean(entry['install-prerelease'] ?? entry['install_prerelease']),
        required: { by: `package '${pkg}' ${version.version}`, span: parent.required.span },
        asWritten: entry,
      },
    ];
  });
}

function sameLock(a: LockedPackage | undefined, b: LockedPackage): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Each package installs as its project name: two of one name, or the root's, cannot both be installed. */
function checkNames(locked: LockedPackage[], rootName: string): LockedPackage[] {
  const seen = new Map<string, LockedPackage>();
  for (const pkg of locked) {
    if (pkg.name === rootName) {
      throw new LdpError({
        code: 'LDP857',
        message: `package ${describeLocked(pkg)} has the root project's name '${rootName}'`,
        hint: 'Package names must be unique in a project: rename one of the two projects.',
      });
    }
    const earlier = seen.get(pkg.name);
    if (earlier !== undefined) {
      throw new LdpError({
        code: 'LDP857',
        message: `two packages are both named '${pkg.name}': ${describeLocked(earlier)} and ${describeLocked(pkg)}`,
        hint: 'Keep one of them in the packages files (a hub package and a git copy of it count as two).',
      });
    }
    seen.set(pkg.name, pkg);
  }
  return locked;
}

export function describeLocked(pkg: LockedPackage): string {
  switch (pkg.kind) {
    case 'hub':
      return `${pkg.package} ${pkg.version}`;
    case 'git':
      return `git ${pkg.git}@${pkg.revision.slice(0, 12)}`;
    case 'local':
      return `local ${pkg.local}`;
    case 'tarball':
      return `tarball ${pkg.tarball}`;
  }
}
