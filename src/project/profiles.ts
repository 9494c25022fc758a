import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RenderString, renderYamlValues } from '../config/render-values.js';
import { YamlSource } from '../config/yaml-source.js';
import { didYouMeanHint, LdpError } from '../errors/index.js';
import type { ResolvedTarget } from '../model/project.js';
import { absolutePath, duckdbTarget, outputTarget } from './target-outputs.js';

export interface ProfileRequest {
  readonly projectRoot: string;
  readonly projectName: string;
  /** The project's `profile:` key, if it has one. */
  readonly profileName?: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly threads?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly renderString: RenderString;
}

const PROFILE_KEYS = ['target', 'outputs'];

/** Where profiles.yml is looked for, in dbt's order (ldp's own names first); `~` is the home folder. */
export function profileSearchPath(request: ProfileRequest): string[] {
  const dirs = [
    request.profilesDir,
    request.env['LDP_PROFILES_DIR'],
    request.env['DBT_PROFILES_DIR'],
    request.projectRoot,
    join(request.homeDir, '.ldp'),
    join(request.homeDir, '.dbt'),
  ];
  const abs = absolutePath({ projectRoot: process.cwd(), homeDir: request.homeDir });
  return dirs.filter((dir): dir is string => typeof dir === 'string' && dir.length > 0).map(abs);
}

/**
 * The target to use: from the first profiles.yml found, or ldp's embedded default (DuckDB and
 * Iceberg in `./warehouse`) when there is none, or when it has no profile for a project that
 * names none, so a new project needs no profile at all.
 */
export function resolveTarget(request: ProfileRequest): { target: ResolvedTarget; warnings: LdpError[] } {
  const [first] = profileSearchPath(request);
  if (request.profilesDir !== undefined && !existsSync(join(first!, 'profiles.yml'))) {
    throw new LdpError({
      code: 'LDP110',
      message: `no profiles.yml in --profiles-dir ${request.profilesDir}`,
      hint: 'Point --profiles-dir at the folder that holds profiles.yml, or leave it out to use the embedded default target.',
    });
  }
  const file = profileSearchPath(request)
    .map((dir) => join(dir, 'profiles.yml'))
    .find((path) => existsSync(path));
  const profileName = request.profileName ?? request.projectName;
  if (file === undefined) return embedded(request, 'no profiles.yml');
  const yaml = YamlSource.parse(file, readFileSync(file, 'utf8'));
  const profiles = (yaml.value ?? {}) as Record<string, unknown>;
  const profile = typeof profiles === 'object' ? profiles[profileName] : undefined;
  if (profile === undefined || profile === null) {
    if (request.profileName === undefined) return embedded(request, `no profile '${profileName}' in ${file}`);
    const names = Object.keys(profiles).filter((name) => name !== 'config');
    throw new LdpError({
      code: 'LDP111',
      message: `profile '${profileName}' is not in ${file}`,
      span: { file, line: 1, col: 1 },
      hint: `${didYouMeanHint(profileName, names) ?? ''} Add a '${profileName}:' entry with outputs, or change 'profile:' in the project file. Profiles there: ${names.join(', ') || 'none'}.`.trim(),
    });
  }
  return readProfile(request, yaml, profileName, profile);
}

function readProfile(
  request: ProfileRequest,
  yaml: YamlSource,
  profileName: string,
  profile: unknown,
): { target: ResolvedTarget; warnings: LdpError[] } {
  checkProfileShape(yaml, profileName, profile);
  const { target, outputs = {} } = profile as { target?: unknown; outputs?: Record<string, unknown> };
  const rendered =
    typeof target === 'string'
      ? renderYamlValues(yaml, request.renderString, { at: [profileName, 'target'] })
      : undefined;
  const name = request.target ?? defaultTargetName(rendered, outputs);
  if (outputs[name] === undefined || outputs[name] === null) {
    throw new LdpError({
      code: 'LDP112',
      message: `target '${name}' is not an output of profile '${profileName}'`,
      span: yaml.spanOf([profileName, 'outputs']),
      source: yaml.text,
      hint: `${didYouMeanHint(name, Object.keys(outputs)) ?? ''} Use --target with one of: ${Object.keys(outputs).join(', ') || '(no outputs defined)'}.`.trim(),
    });
  }
  const path = [profileName, 'outputs', name];
  const output = renderYamlValues(yaml, request.renderString, { at: path });
  if (output === null || typeof output !== 'object' || Array.isArray(output)) {
    throw new LdpError({
      code: 'LDP113',
      message: `output '${name}' of profile '${profileName}' must be a mapping`,
      span: yaml.spanOf(path),
      source: yaml.text,
      hint: 'Write it as key: value pairs, starting with type: duckdb.',
    });
  }
  return outputTarget(output as Record<string, unknown>, yaml, path, {
    projectRoot: request.projectRoot,
    homeDir: request.homeDir,
    ...(request.threads !== undefined ? { threads: request.threads } : {}),
    profileName,
    targetName: name,
    source: yaml.file,
  });
}

/** dbt's default target name is `default`; a profile with a single output needs no `target:`. */
function defaultTargetName(rendered: unknown, outputs: Record<string, unknown>): string {
  if (rendered !== undefined) return String(rendered);
  const names = Object.keys(outputs);
  return names.length === 1 && names[0] !== undefined ? names[0] : 'default';
}

function checkProfileShape(yaml: YamlSource, profileName: string, profile: unknown): void {
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
    throw new LdpError({
      code: 'LDP111',
      message: `profile '${profileName}' must be a mapping with target: and outputs:`,
      span: yaml.spanOf([profileName]),
      source: yaml.text,
      hint: 'Write it as: <profile>:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb',
    });
  }
  for (const key of Object.keys(profile)) {
    if (PROFILE_KEYS.includes(key)) continue;
    throw new LdpError({
      code: 'LDP103',
      message: `unknown key '${key}' in profile '${profileName}'`,
      span: yaml.spanOf([profileName, key]),
      source: yaml.text,
      hint: didYouMeanHint(key, PROFILE_KEYS) ?? 'A profile has target: and outputs: only.',
    });
  }
}

/** The name of ldp's embedded default target: the only `--target` that needs no profiles.yml. */
const EMBEDDED_TARGET = 'dev';

/**
 * ldp's embedded default target. `why` says why no profile applies: a `--target` other than the
 * default's own name then means the user expects a profile, so it is an error naming where
 * ldp looked rather than a silent build into the default warehouse.
 */
function embedded(request: ProfileRequest, why: string): { target: ResolvedTarget; warnings: LdpError[] } {
  if (request.target !== undefined && request.target !== EMBEDDED_TARGET) {
    const looked = profileSearchPath(request).map((dir) => join(dir, 'profiles.yml'));
    throw new LdpError({
      code: 'LDP152',
      message: `--target ${request.target} needs a profile that defines it, but there is ${why}; looked for profiles.yml in: ${looked.join(', ')}`,
      hint: `Add an output '${request.target}' under the profile '${request.profileName ?? request.projectName}' in one of those files (or pass --profiles-dir), or leave --target out to use the embedded default target '${EMBEDDED_TARGET}'.`,
    });
  }
  const target = duckdbTarget(
    {},
    {
      projectRoot: request.projectRoot,
      homeDir: request.homeDir,
      ...(request.threads !== undefined ? { threads: request.threads } : {}),
      profileName: request.profileName ?? request.projectName,
      targetName: request.target ?? EMBEDDED_TARGET,
      source: 'embedded default',
    },
  );
  return { target, warnings: [] };
}
