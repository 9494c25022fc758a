import { configLevelsForPath, layerForPath, mergeConfig, validateNodeConfig } from '../config/index.js';
import type { AnalysisNode, ColumnInfo, GraphNode, ModelNode, Relation, TestNode } from '../model/node.js';
import type { NodeConfig } from '../model/node-config.js';
import type { ConfigTree, SourceFile } from '../model/project.js';
import type { ModelProperties } from '../model/properties.js';
import { type CapturedCalls, captureCalls, type TextOrigin } from './capture.js';
import { baseName, folderParts, fqnOf, pathBelow, sha256, uniqueIdOf } from './naming.js';
import type { NamingNode } from './naming-node.js';
import type { ParseEnv } from './parse-env.js';
import type { PatchKind } from './properties-index.js';
import { columnsOf } from './source-nodes.js';

export type SqlFileKind = 'model' | 'analysis' | 'test';

/** Model, analysis and singular test files: one SQL template, one node. */
export function isSqlFileKind(kind: SourceFile['kind']): kind is SqlFileKind {
  return kind === 'model' || kind === 'analysis' || kind === 'test';
}

/** The common result of reading a SQL template: identity, captured calls and merged config. */
export interface ParsedSqlFile {
  readonly name: string;
  /** For a versioned model (`orders_v2.sql` with `versions:` in its properties), its version. */
  readonly version?: string;
  readonly pathBelowRoot: string;
  readonly fqn: readonly string[];
  readonly captured: CapturedCalls;
  readonly config: NodeConfig;
  readonly patch?: ModelProperties;
}

/** Parses a model, analysis or singular test file; undefined when disabled or broken (reported). */
export function parseSqlFile(
  file: SourceFile,
  kind: SqlFileKind,
  env: ParseEnv,
): GraphNode | 'disabled' | undefined {
  const parsed = readSqlTemplate(file, file.text, kind, treeFor(kind, env), env);
  if (parsed === undefined) return undefined;
  if (!parsed.config.enabled) return 'disabled';
  const common = sqlNodeCommon(file, parsed, env);
  switch (kind) {
    case 'model':
      return modelNode(common, parsed, env);
    case 'analysis':
      return {
        ...common,
        resourceType: 'analysis',
        uniqueId: uniqueIdOf('analysis', env.project.config.name, parsed.name),
      } satisfies AnalysisNode;
    case 'test':
      return {
        ...common,
        resourceType: 'test',
        testType: 'singular',
        uniqueId: uniqueIdOf('test', env.project.config.name, parsed.name),
      } satisfies TestNode;
  }
}

/**
 * Captures a template's calls and merges its config: project tree < folder < properties YAML <
 * `{{ config() }}` in the file. Shared by SQL files and snapshot blocks.
 */
export function readSqlTemplate(
  file: SourceFile,
  text: string,
  kind: SqlFileKind | 'snapshot',
  tree: ConfigTree,
  env: ParseEnv,
  nameOverride?: string,
  /** Where `text` starts in the file, when it is a block (a `{% snapshot %}` body). */
  origin?: TextOrigin,
): ParsedSqlFile | undefined {
  const projectName = env.project.config.name;
  const { name, version } = nodeIdentity(nameOverride ?? baseName(file.path), kind, env);
  const pathBelowRoot = pathBelow(file.rootPath, file.path);
  const folders = folderParts(pathBelowRoot);
  const patch = env.properties.patchFor(patchKind(kind), name)?.props;
  const levels: Record<string, unknown>[] = [...configLevelsForPath(tree, projectName, [...folders, name])];
  if (patch) levels.push(patchLevel(patch));
  const versionConfig = patch?.versions.find((v) => String(v.v) === version)?.config;
  if (versionConfig) levels.push(versionConfig);
  const soFar = Object.assign({}, ...levels) as Record<string, unknown>;
  const captured = env.diagnostics.capture(() =>
    captureCalls(
      file.path,
      text,
      env.graphMacros,
      (recorder) =>
        env.captureRender({ path: file.path, text, ...origin, packageName: projectName }, recorder, soFar),
      origin,
    ),
  );
  if (captured === undefined) return undefined;
  for (const call of captured.configs) {
    const checked = validateNodeConfig(call.values, call.span);
    for (const problem of checked.errors) env.diagnostics.error(problem);
    for (const warning of checked.warnings) env.diagnostics.warn(warning.toInit());
    levels.push(call.values as Record<string, unknown>);
  }
  const config = mergeConfig(levels, kind === 'analysis' ? 'model' : kind);
  return {
    name,
    ...(version !== undefined ? { version } : {}),
    pathBelowRoot,
    fqn: fqnOf(projectName, pathBelowRoot, version === undefined ? name : `${name}_v${version}`),
    captured,
    config,
    ...(patch ? { patch } : {}),
  };
}

export function sqlNodeCommon(file: SourceFile, parsed: ParsedSqlFile, env: ParseEnv) {
  const patch = parsed.patch;
  return {
    name: parsed.name,
    packageName: env.project.config.name,
    originalFilePath: file.path,
    path: parsed.pathBelowRoot,
    fqn: parsed.fqn,
    description: patch?.description ?? '',
    tags: parsed.config.tags,
    meta: parsed.config.meta,
    span: { file: file.path, line: 1, col: 1 },
    rawSql: file.text,
    checksum: sha256(file.text),
    config: parsed.config,
    refs: parsed.captured.refs,
    sources: parsed.captured.sources,
    macros: env.macrosUsedBy(file.text),
    columns: patch ? columnsOf(patch.columns) : ({} as Record<string, ColumnInfo>),
  };
}

export function modelNode(
  common: ReturnType<typeof sqlNodeCommon>,
  parsed: ParsedSqlFile,
  env: ParseEnv,
): ModelNode {
  const layer =
    parsed.config.layer ?? layerForPath(folderParts(parsed.pathBelowRoot), env.project.config.layers);
  const latest = parsed.patch?.latestVersion;
  const uniqueId =
    uniqueIdOf('model', env.project.config.name, parsed.name) +
    (parsed.version === undefined ? '' : `.v${parsed.version}`);
  // Assigned key by key: spreading `common` and adding keys costs microseconds per object in V8,
  // which thousands of models notice. The keys keep their order.
  const node: Omit<Writable<ModelNode>, 'relation'> = Object.assign({}, common, {
    resourceType: 'model' as const,
    uniqueId,
  });
  if (layer) node.layer = layer;
  if (parsed.version !== undefined) node.version = parsed.version;
  if (parsed.version !== undefined && latest !== undefined) node.latestVersion = String(latest);
  if (parsed.patch?.constraints?.length) node.constraints = parsed.patch.constraints;
  const naming: NamingNode = {
    name: parsed.name,
    resourceType: 'model',
    uniqueId,
    packageName: common.packageName,
    path: common.path,
    originalFilePath: common.originalFilePath,
    fqn: common.fqn,
    tags: common.tags,
    config: parsed.config,
    ...(layer ? { layer } : {}),
    ...(parsed.version !== undefined ? { version: parsed.version } : {}),
  };
  const schema = env.schemaFor(parsed.config.schema, naming);
  const identifier = env.aliasFor(parsed.config.alias, naming);
  const database = env.databaseFor ? env.databaseFor(parsed.config.database, naming) : parsed.config.database;
  const relation: Relation = database ? { database, schema, identifier } : { schema, identifier };
  return Object.assign(node, { relation });
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * dbt's model versions: `orders_v2.sql` is version 2 of model `orders` when the properties of
 * `orders` list that version. Any other file is its own, unversioned node.
 */
function nodeIdentity(
  fileName: string,
  kind: SqlFileKind | 'snapshot',
  env: ParseEnv,
): { name: string; version?: string } {
  const match = kind === 'model' ? /^(.+)_v(\w+)$/.exec(fileName) : null;
  if (match) {
    const [, name, version] = match as unknown as [string, string, string];
    const patch = env.properties.patchFor('model', name)?.props;
    if (patch?.versions.some((v) => String(v.v) === version)) return { name, version };
  }
  return { name: fileName };
}

/** Properties-level config: the `config:` block plus top-level `tags`/`meta`, as dbt merges them. */
export function patchLevel(patch: ModelProperties): Record<string, unknown> {
  const level: Record<string, unknown> = { ...patch.config };
  if (patch.tags.length > 0)
    level['tags'] = [...((level['tags'] as string[] | undefined) ?? []), ...patch.tags];
  if (Object.keys(patch.meta).length > 0)
    level['meta'] = { ...((level['meta'] as object | undefined) ?? {}), ...patch.meta };
  // dbt reads a `docs:` property beside `config:` as the node's docs config.
  if (patch.docs && level['docs'] === undefined) level['docs'] = patch.docs;
  return level;
}

function treeFor(kind: SqlFileKind, env: ParseEnv): ConfigTree {
  return kind === 'test' ? env.project.config.dataTests : env.project.config.models;
}

function patchKind(kind: SqlFileKind | 'snapshot'): PatchKind {
  return kind;
}
