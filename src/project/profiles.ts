import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { YamlSource } from '../config/yaml-source.js';
import { issuesToErrors } from '../config/zod-issues.js';
import { LdpError, LdpErrors, type Span } from '../errors/index.js';
import type { ResolvedTarget } from '../model/project.js';

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
  readonly renderString: (text: string, span: Span) => string;
}

const DUCKDB_OUTPUT = z.strictObject({
  type: z.literal('duckdb'),
  schema: z.string().optional(),
  threads: z.number().int().positive().optional(),
  warehouse: z.string().optional(),
  warehouse_path: z.string().optional(),
  catalog_path: z.string().optional(),
  catalog_name: z.string().optional(),
  duckdb_path: z.string().optional(),
  path: z.string().optional(),
  database: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  extensions: z.array(z.string()).optional(),
});

/** dbt-duckdb output keys ldp tolerates (with a warning) so existing profiles keep working. */
const DBT_DUCKDB_KEYS = new Set([
  'external_root',
  'attach',
  'plugins',
  'filesystems',
  'module_paths',
  'secrets',
  'use_credential_provider',
  'disable_transactions',
  'keep_open',
  'retries',
  'config_options',
]);

/** Where profiles.yml is looked for, in dbt's order (ldp's own names first). */
export function profileSearchPath(request: ProfileRequest): string[] {
  const dirs = [
    request.profilesDir,
    request.env['LDP_PROFILES_DIR'],
    request.env['DBT_PROFILES_DIR'],
    request.projectRoot,
    join(request.homeDir, '.ldp'),
    join(request.homeDir, '.dbt'),
  ];
  return dirs
    .filter((dir): dir is string => typeof dir === 'string' && dir.length > 0)
    .map((dir) => resolve(dir));
}

/**
 * The target to use: from the first profiles.yml found, or ldp's embedded default (DuckDB and
 * Iceberg in `./warehouse`) when there is none, so a new project needs no profile at all.
 */
export function resolveTarget(request: ProfileRequest): { target: ResolvedTarget; warnings: LdpError[] } {
  if (request.profilesDir !== undefined && !existsSync(join(resolve(request.profilesDir), 'profiles.yml'))) {
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
  if (file === undefined) return { target: embeddedTarget(request, request.target ?? 'dev'), warnings: [] };
  const yaml = YamlSource.parse(file, readFileSync(file, 'utf8'));
  const profiles = (yaml.value ?? {}) as Record<string, unknown>;
  const profile = profiles[profileName] as
    | { target?: unknown; outputs?: Record<string, unknown> }
    | undefined;
  if (profile === undefined) {
    if (request.profileName === undefined)
      return { target: embeddedTarget(request, request.target ?? 'dev'), warnings: [] };
    throw new LdpError({
      code: 'LDP111',
      message: `profile '${profileName}' is not in ${file}`,
      span: { file, line: 1, col: 1 },
      hint: `Add a '${profileName}:' entry with outputs, or change 'profile:' in the project file. Profiles there: ${Object.keys(profiles).join(', ') || 'none'}.`,
    });
  }
  return readOutput(request, yaml, profileName, profile);
}

function readOutput(
  request: ProfileRequest,
  yaml: YamlSource,
  profileName: string,
  profile: { target?: unknown; outputs?: Record<string, unknown> },
): { target: ResolvedTarget; warnings: LdpError[] } {
  const outputs = profile.outputs ?? {};
  const name =
    request.target ??
    (typeof profile.target === 'string'
      ? request.renderString(profile.target, yaml.spanOf([profileName, 'target'], 'value'))
      : 'dev');
  const raw = outputs[name] as Record<string, unknown> | undefined;
  if (raw === undefined) {
    throw new LdpError({
      code: 'LDP112',
      message: `target '${name}' is not an output of profile '${profileName}'`,
      span: yaml.spanOf([profileName, 'outputs']),
      source: yaml.text,
      hint: `Use --target with one of: ${Object.keys(outputs).join(', ') || '(no outputs defined)'}.`,
    });
  }
  const rendered = renderValues(raw, (text, key) =>
    request.renderString(text, yaml.spanOf([profileName, 'outputs', name, key], 'value')),
  );
  const type = rendered['type'];
  if (type === 'bigquery')
    return { target: bigqueryTarget(request, profileName, name, rendered, yaml.file), warnings: [] };
  const known = new Set(Object.keys(DUCKDB_OUTPUT.shape));
  const strict = Object.fromEntries(Object.entries(rendered).filter(([key]) => !DBT_DUCKDB_KEYS.has(key)));
  const checked = DUCKDB_OUTPUT.safeParse(strict);
  const path = [profileName, 'outputs', name];
  const problems = checked.success
    ? { errors: [], warnings: [] }
    : issuesToErrors(
        checked.error,
        yaml,
        `output '${name}' of profile '${profileName}'`,
        new Set(),
        () => [...known],
        path,
      );
  if (!checked.success && problems.errors.length === 0 && type !== 'duckdb') {
    throw new LdpError({
      code: 'LDP113',
      message: `output '${name}' has type ${JSON.stringify(type)}; ldp supports duckdb and bigquery`,
      span: yaml.spanOf([...path, 'type'], 'value'),
      source: yaml.text,
      hint: 'Set type: duckdb (embedded, the default) or type: bigquery.',
    });
  }
  if (problems.errors.length > 0)
    throw problems.errors.length === 1 ? problems.errors[0] : new LdpErrors(problems.errors);
  const warnings = Object.keys(rendered)
    .filter((key) => DBT_DUCKDB_KEYS.has(key))
    .map(
      (key) =>
        new LdpError({
          code: 'LDP102',
          severity: 'warning',
          message: `profile key '${key}' (dbt-duckdb) is not used by ldp`,
          span: yaml.spanOf([...path, key]),
        }),
    );
  return { target: duckdbTarget(request, profileName, name, rendered, yaml.file), warnings };
}

function duckdbTarget(
  request: ProfileRequest,
  profileName: string,
  name: string,
  raw: Record<string, unknown>,
  source: string,
): ResolvedTarget {
  const abs = (path: string) => (isAbsolute(path) ? path : resolve(request.projectRoot, path));
  const warehousePath = abs(String(raw['warehouse'] ?? raw['warehouse_path'] ?? 'warehouse'));
  const duckdbPath = raw['duckdb_path'] ?? raw['path'];
  return {
    name,
    profileName,
    type: 'duckdb',
    schema: String(raw['schema'] ?? 'main'),
    database: String(raw['database'] ?? 'ldp'),
    threads: request.threads ?? Number(raw['threads'] ?? 4),
    warehousePath,
    catalogPath: raw['catalog_path'] ? abs(String(raw['catalog_path'])) : join(warehousePath, 'catalog.db'),
    catalogName: String(raw['catalog_name'] ?? 'ldp'),
    ...(duckdbPath && duckdbPath !== ':memory:' ? { duckdbPath: abs(String(duckdbPath)) } : {}),
    source,
    raw,
  };
}

function bigqueryTarget(
  request: ProfileRequest,
  profileName: string,
  name: string,
  raw: Record<string, unknown>,
  source: string,
): ResolvedTarget {
  const base = duckdbTarget(request, profileName, name, {}, source);
  return {
    ...base,
    type: 'bigquery',
    schema: String(raw['dataset'] ?? raw['schema'] ?? 'main'),
    database: String(raw['project'] ?? raw['database'] ?? ''),
    threads: request.threads ?? Number(raw['threads'] ?? 4),
    raw,
  };
}

function embeddedTarget(request: ProfileRequest, name: string): ResolvedTarget {
  return {
    ...duckdbTarget(request, request.profileName ?? request.projectName, name, {}, 'embedded default'),
    raw: { type: 'duckdb' },
  };
}

function renderValues(
  raw: Record<string, unknown>,
  render: (text: string, key: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      out[key] = value;
      continue;
    }
    const text = render(value, key);
    // Rendered numbers and booleans (e.g. threads: "{{ env_var('THREADS') }}") become values again.
    out[key] = value.includes('{{') && /^(\d+|true|false)$/.test(text) ? JSON.parse(text) : text;
  }
  return out;
}
