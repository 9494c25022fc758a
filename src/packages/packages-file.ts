import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { type RenderString, renderYamlValues } from '../config/render-values.js';
import { YamlSource } from '../config/yaml-source.js';
import { issuesToErrors } from '../config/zod-issues.js';
import { LdpError, LdpErrors } from '../errors/index.js';
import type { PackageSpec, Requirement } from './package-spec.js';
import { parseVersionSpec } from './version-spec.js';

export const PACKAGE_FILES = ['packages.yml', 'dependencies.yml'] as const;

const version = z.union([z.string(), z.number()]).transform(String);
const ENTRY_SCHEMAS = {
  package: z.strictObject({
    package: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'write it as <namespace>/<name>, e.g. dbt-labs/dbt_utils'),
    version: z.union([version, z.array(version)]).optional(),
    'install-prerelease': z.boolean().optional(),
    install_prerelease: z.boolean().optional(),
    name: z.string().optional(),
  }),
  git: z.strictObject({
    git: z.string().min(1),
    revision: version.optional(),
    subdirectory: z.string().optional(),
    'warn-unpinned': z.boolean().optional(),
    warn_unpinned: z.boolean().optional(),
    name: z.string().optional(),
  }),
  local: z.strictObject({ local: z.string().min(1), name: z.string().optional() }),
  tarball: z.strictObject({ tarball: z.string().min(1), name: z.string().min(1) }),
} as const;
type EntryKind = keyof typeof ENTRY_SCHEMAS;
const KINDS = Object.keys(ENTRY_SCHEMAS) as EntryKind[];

/** The packages one project asks for, and the entries as written (for the lock file's hash). */
export interface PackagesFile {
  /** `packages.yml` or `dependencies.yml`, relative to the project folder. */
  readonly file: string;
  readonly specs: readonly PackageSpec[];
  readonly entriesAsWritten: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Reads the packages a project folder asks for. Only one of `packages.yml` and
 * `dependencies.yml` may list packages (dbt's rule); `projects:` of dependencies.yml name
 * cross-project references, which need no install. `{{ env_var() }}` is rendered in
 * packages.yml only, as dbt does (secrets `DBT_ENV_SECRET_*` allowed: git tokens live there).
 * `requiredBy` names the requirer for messages; `localBase` is the folder `local:` paths are
 * relative to (the package's own folder for a local package, else the root project, as dbt).
 * Undefined when the folder has neither file.
 */
export function readPackagesFile(
  dir: string,
  render: RenderString,
  options: { readonly requiredBy?: string; readonly localBase?: string } = {},
): PackagesFile | undefined {
  const found = PACKAGE_FILES.filter((name) => existsSync(join(dir, name))).map((name) =>
    parsePackagesYaml(dir, name, render, {
      requiredBy: options.requiredBy ?? name,
      localBase: options.localBase ?? dir,
    }),
  );
  const withPackages = found.filter((file) => file.specs.length > 0 || file.listsPackages);
  if (withPackages.length > 1) {
    throw new LdpError({
      code: 'LDP851',
      message: `both packages.yml and dependencies.yml list packages in ${dir}`,
      span: { file: join(dir, 'dependencies.yml'), line: 1, col: 1 },
      hint: 'Keep the packages in one of the two files (dbt reads only one).',
    });
  }
  const chosen = withPackages[0] ?? found[0];
  return chosen === undefined
    ? undefined
    : { file: chosen.file, specs: chosen.specs, entriesAsWritten: chosen.entriesAsWritten };
}

function parsePackagesYaml(
  dir: string,
  name: (typeof PACKAGE_FILES)[number],
  render: RenderString,
  context: { readonly requiredBy: string; readonly localBase: string },
): PackagesFile & { listsPackages: boolean } {
  const path = join(dir, name);
  const yaml = YamlSource.parse(path, readFileSync(path, 'utf8'));
  const top = yaml.value;
  if (top === null) return { file: name, specs: [], entriesAsWritten: [], listsPackages: false };
  if (typeof top !== 'object' || Array.isArray(top)) {
    throw new LdpError({
      code: 'LDP850',
      message: `${name} must be a mapping with a packages: list`,
      span: yaml.spanOf([]),
      hint: 'Start it with `packages:` followed by entries such as `- package: dbt-labs/dbt_utils`.',
    });
  }
  const unknown = Object.keys(top).filter((key) => key !== 'packages' && key !== 'projects');
  if (unknown.length > 0) {
    throw new LdpError({
      code: 'LDP850',
      message: `${name} has an unknown key '${unknown[0]}'`,
      span: yaml.spanOf([unknown[0]!]),
      hint: 'A packages file has `packages:` (and, in dependencies.yml, `projects:`).',
    });
  }
  const written = (top as Record<string, unknown>)['packages'];
  if (written === undefined || written === null)
    return { file: name, specs: [], entriesAsWritten: [], listsPackages: false };
  if (!Array.isArray(written)) {
    throw new LdpError({
      code: 'LDP850',
      message: `packages: in ${name} must be a list`,
      span: yaml.spanOf(['packages'], 'value'),
      hint: 'Write each package as a list entry: `- package: dbt-labs/dbt_utils`.',
    });
  }
  const rendered =
    name === 'packages.yml' ? (renderYamlValues(yaml, render, { at: ['packages'] }) as unknown[]) : written;
  const errors: LdpError[] = [];
  const specs: PackageSpec[] = [];
  rendered.forEach((entry, index) => {
    try {
      specs.push(
        toSpec(entry, written[index], {
          yaml,
          dir: context.localBase,
          name,
          index,
          requiredBy: context.requiredBy,
        }),
      );
    } catch (error) {
      if (error instanceof LdpErrors) errors.push(...error.errors);
      else if (error instanceof LdpError) errors.push(error);
      else throw error;
    }
  });
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new LdpErrors(errors);
  return { file: name, specs, entriesAsWritten: written as Record<string, unknown>[], listsPackages: true };
}

interface EntryPlace {
  readonly yaml: YamlSource;
  readonly dir: string;
  readonly name: string;
  readonly index: number;
  readonly requiredBy: string;
}

function toSpec(entry: unknown, asWritten: unknown, place: EntryPlace): PackageSpec {
  const { yaml, index } = place;
  const path = ['packages', index];
  const kinds =
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? KINDS.filter((kind) => kind in entry)
      : [];
  if (entry !== null && typeof entry === 'object' && 'private' in entry) {
    throw new LdpError({
      code: 'LDP864',
      message: `private: packages (git through a dbt platform integration) are not supported`,
      span: yaml.spanOf([...path, 'private']),
      hint: 'Use `git:` with the repository URL, with a token from `{{ env_var("DBT_ENV_SECRET_…") }}` if needed.',
    });
  }
  if (kinds.length !== 1) {
    throw new LdpError({
      code: 'LDP850',
      message: `entry ${index + 1} of ${place.name} must have exactly one of package:, git:, local: or tarball:`,
      span: yaml.entrySpan(asWritten, yaml.spanOf(path)),
      hint: 'e.g. `- package: dbt-labs/dbt_utils` with `version: [">=1.0.0", "<2.0.0"]`.',
    });
  }
  const kind = kinds[0]!;
  const parsed = ENTRY_SCHEMAS[kind].safeParse(entry);
  if (!parsed.success) {
    const { errors } = issuesToErrors(parsed.error, {
      yaml,
      what: place.name,
      prefix: path,
      knownKeysAt: () => Object.keys(ENTRY_SCHEMAS[kind].shape),
    });
    throw new LdpErrors(errors.map((error) => new LdpError({ ...error.toInit(), code: 'LDP850' })));
  }
  const required: Requirement = { by: place.requiredBy, span: yaml.entrySpan(asWritten, yaml.spanOf(path)) };
  if (kind === 'package') checkVersionSpecs(parsed.data as Record<string, unknown>, yaml, path);
  return buildSpec(kind, parsed.data as Record<string, unknown>, asWritten as Record<string, unknown>, {
    required,
    dir: place.dir,
  });
}

function buildSpec(
  kind: EntryKind,
  data: Record<string, unknown>,
  asWritten: Record<string, unknown>,
  context: { required: Requirement; dir: string },
): PackageSpec {
  const { required } = context;
  switch (kind) {
    case 'package': {
      const versions = data['version'];
      return {
        kind: 'hub',
        package: data['package'] as string,
        versions: versions === undefined ? [] : [versions as string | string[]].flat(),
        installPrerelease: Boolean(data['install-prerelease'] ?? data['install_prerelease'] ?? false),
        required,
        asWritten,
      };
    }
    case 'git':
      return {
        kind: 'git',
        url: data['git'] as string,
        ...(data['revision'] !== undefined ? { revision: data['revision'] as string } : {}),
        ...(data['subdirectory'] !== undefined ? { subdirectory: data['subdirectory'] as string } : {}),
        warnUnpinned: (data['warn-unpinned'] ?? data['warn_unpinned'] ?? true) as boolean,
        required,
        asWritten,
      };
    case 'local': {
      const local = data['local'] as string;
      return {
        kind: 'local',
        path: isAbsolute(local) ? local : resolve(context.dir, local),
        required,
        asWritten,
      };
    }
    case 'tarball':
      return {
        kind: 'tarball',
        url: data['tarball'] as string,
        name: data['name'] as string,
        required,
        asWritten,
      };
  }
}

/** Bad version specs are found before anything is fetched, at the place they are written. */
function checkVersionSpecs(data: Record<string, unknown>, yaml: YamlSource, path: (string | number)[]): void {
  const written = data['version'];
  if (written === undefined) return;
  const list = [written as string | string[]].flat();
  list.forEach((text, index) => {
    if (parseVersionSpec(text) !== undefined) return;
    throw new LdpError({
      code: 'LDP852',
      message: `'${text}' is not a version spec for ${String(data['package'])}`,
      span: yaml.spanOf(Array.isArray(written) ? [...path, 'version', index] : [...path, 'version'], 'value'),
      hint: 'Write a full version with an optional comparison (>=, >, <=, <, =), one per list item: version: [">=1.0.0", "<2.0.0"].',
    });
  });
}
