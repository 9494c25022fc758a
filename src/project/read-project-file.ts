import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigTree } from '../config/config-tree.js';
import {
  KNOWN_UNUSED_PROJECT_KEYS,
  PROJECT_FILE_KEYS,
  type ProjectFile,
  projectFileSchema,
  QUIET_PROJECT_KEYS,
  RENAMED_PROJECT_KEYS,
} from '../config/project-schema.js';
import { isDeferredProjectValue, type RenderString, renderYamlValues } from '../config/render-values.js';
import { RETENTION_KEYS, toRetentionConfig } from '../config/retention.js';
import { YamlSource } from '../config/yaml-source.js';
import { issuesToErrors } from '../config/zod-issues.js';
import { LdpError, type Span } from '../errors/index.js';
import type { ConfigTree, ProjectConfig } from '../model/project.js';

export const PROJECT_FILES = ['ldp_project.yml', 'dbt_project.yml'] as const;
const DEFAULT_LAYERS = ['bronze', 'silver', 'gold'];
const MEDALLION_KEYS = ['layers', 'enforce_layer_order'];

/** Finds and validates the project file; all problems are returned together. */
export function readProjectFile(
  root: string,
  renderString: RenderString,
): { config?: ProjectConfig; file: string; errors: LdpError[]; warnings: LdpError[] } {
  const present = PROJECT_FILES.filter((name) => existsSync(join(root, name)));
  if (present.length === 0) {
    throw new LdpError({
      code: 'LDP100',
      message: `no ldp_project.yml or dbt_project.yml in ${root}`,
      hint: 'Run ldp in a project folder, pass --project-dir <folder>, or create a project with `ldp init <folder>`.',
    });
  }
  const file = present[0]!;
  const warnings: LdpError[] = [];
  if (present.length > 1) {
    warnings.push(
      new LdpError({
        code: 'LDP106',
        severity: 'warning',
        message: 'both ldp_project.yml and dbt_project.yml exist; using ldp_project.yml',
        span: { file: 'dbt_project.yml', line: 1, col: 1 },
      }),
    );
  }
  const yaml = YamlSource.parse(file, readFileSync(join(root, file), 'utf8'));
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    throw new LdpError({
      code: 'LDP105',
      message: `${file} must be a mapping of keys such as name, version and model-paths`,
      span: { file, line: 1, col: 1 },
      hint: 'Start it with a line like `name: my_project`.',
    });
  }
  const rendered = renderYamlValues(yaml, renderString, { skip: isDeferredProjectValue }) as Record<
    string,
    unknown
  >;
  const errors: LdpError[] = [];
  const parsed = projectFileSchema.safeParse(rendered);
  if (!parsed.success) {
    const problems = issuesToErrors(parsed.error, {
      yaml,
      what: file,
      knownUnused: KNOWN_UNUSED_PROJECT_KEYS,
      quiet: QUIET_PROJECT_KEYS,
      renamed: RENAMED_PROJECT_KEYS,
      knownKeysAt: (path) =>
        path.length === 0
          ? Object.keys(PROJECT_FILE_KEYS)
          : path[0] === 'medallion'
            ? MEDALLION_KEYS
            : path[0] === 'retention'
              ? RETENTION_KEYS
              : path[0] === 'dispatch'
                ? ['macro_namespace', 'search_order']
                : [],
    });
    errors.push(...problems.errors);
    warnings.push(...problems.warnings);
  }
  // Unknown keys are reported above; the rest of the file is still checked, so every problem shows at once.
  const known = projectFileSchema.safeParse(stripUnknown(rendered));
  if (!known.success) return { file, errors, warnings };
  const problems = { errors, warnings };
  const config = toProjectConfig(known.data, yaml, problems);
  return { config, file, errors: problems.errors, warnings: problems.warnings };
}

function stripUnknown(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key in PROJECT_FILE_KEYS));
}

function toProjectConfig(
  data: ProjectFile,
  yaml: YamlSource,
  problems: { errors: LdpError[]; warnings: LdpError[] },
): ProjectConfig {
  const list = (key: keyof ProjectFile, fallback: string[]) => [
    ...((data[key] as string[] | undefined) ?? fallback),
  ];
  const modelPaths = list('model-paths', ['models']);
  const seedPaths = list('seed-paths', ['seeds']);
  const testPaths = list('test-paths', ['tests']);
  const macroPaths = list('macro-paths', ['macros']);
  const snapshotPaths = list('snapshot-paths', ['snapshots']);
  const analysisPaths = list('analysis-paths', ['analyses']);
  const targetPath = data['target-path'] ?? 'target';
  const packagesInstallPath = data['packages-install-path'] ?? 'dbt_packages';
  const tree = (key: keyof ProjectFile): ConfigTree =>
    readConfigTree(data[key] ?? null, yaml, [key], problems);
  const spans: Record<string, Span> = {};
  for (const key of Object.keys(data)) spans[key] = yaml.spanOf([key]);
  const hooks = (value: string | string[] | undefined) =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  const tests = tree('data_tests');
  const legacyTests = tree('tests');
  return {
    name: data.name,
    ...(data.version !== undefined ? { version: String(data.version) } : {}),
    ...(data.profile !== undefined ? { profile: data.profile } : {}),
    ...(data['config-version'] !== undefined ? { configVersion: data['config-version'] } : {}),
    ...(data['require-dbt-version'] !== undefined
      ? { requireDbtVersion: [data['require-dbt-version']].flat() }
      : {}),
    modelPaths,
    seedPaths,
    testPaths,
    macroPaths,
    snapshotPaths,
    analysisPaths,
    docsPaths: list('docs-paths', [
      ...modelPaths,
      ...seedPaths,
      ...testPaths,
      ...macroPaths,
      ...snapshotPaths,
      ...analysisPaths,
    ]),
    targetPath,
    // dbt's default is the target path alone; its starter project adds the packages folder,
    // which `ldp deps` can always install again, so ldp cleans both unless told otherwise.
    cleanTargets: list('clean-targets', [targetPath, packagesInstallPath]),
    packagesInstallPath,
    vars: data.vars ?? {},
    onRunStart: hooks(data['on-run-start']),
    onRunEnd: hooks(data['on-run-end']),
    dispatch: (data.dispatch ?? []).map((entry) => ({
      macroNamespace: entry.macro_namespace,
      searchOrder: [...entry.search_order],
    })),
    models: tree('models'),
    seeds: tree('seeds'),
    snapshots: tree('snapshots'),
    dataTests: mergeTrees(legacyTests, tests),
    enforceLayerOrder: data.medallion?.enforce_layer_order ?? true,
    layers: data.medallion?.layers ?? DEFAULT_LAYERS,
    retention: toRetentionConfig(data.retention),
    spans,
  };
}

/** `b` over `a`, folder by folder: `tests:` under `data_tests:` (dbt's old and new names), a package's tree under the root's. */
export function mergeTrees(a: ConfigTree, b: ConfigTree): ConfigTree {
  const children: Record<string, ConfigTree> = { ...a.children };
  for (const [key, child] of Object.entries(b.children))
    children[key] = a.children[key] ? mergeTrees(a.children[key]!, child) : child;
  return { config: { ...a.config, ...b.config }, children };
}
