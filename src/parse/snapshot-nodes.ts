import { layerForPath, readSnapshotSettings } from '../config/index.js';
import type { Span } from '../errors/index.js';
import type { SnapshotNode } from '../model/node.js';
import type { SourceFile } from '../model/project.js';
import type { ModelProperties, PropertiesFile } from '../model/properties.js';
import type { TemplateBlock } from '../template/index.js';
import { folderParts, sha256, uniqueIdOf } from './naming.js';
import type { NamingNode } from './naming-node.js';
import type { ParseEnv } from './parse-env.js';
import { columnsOf } from './source-nodes.js';
import { type ParsedSqlFile, readSqlTemplate } from './sql-nodes.js';

/** A `{% snapshot name %}…{% endsnapshot %}` block: an SCD type-2 table built from its query. */
export function parseSnapshotBlock(
  file: SourceFile,
  block: TemplateBlock,
  env: ParseEnv,
): SnapshotNode | 'disabled' | undefined {
  const parsed = readSqlTemplate(
    file,
    block.body,
    'snapshot',
    env.project.config.snapshots,
    env,
    block.name,
    block.bodySpan,
  );
  if (parsed === undefined) return undefined;
  if (!parsed.config.enabled) return 'disabled';
  return snapshotNode(file, { name: block.name, sql: block.body, span: block.span }, parsed, env);
}

/**
 * Snapshots defined in properties YAML (dbt 1.9): an entry of `snapshots:` with `relation:`
 * (`ref('x')` or `source('a', 'b')`) snapshots every column of that relation. Entries without
 * `relation:` only describe a snapshot block and are left to it.
 */
export function parseYamlSnapshots(
  files: readonly SourceFile[],
  properties: readonly PropertiesFile[],
  env: ParseEnv,
): { name: string; result: SnapshotNode | 'disabled' | undefined }[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  return properties.flatMap((props) => {
    const file = byPath.get(props.path);
    if (!file) return [];
    return props.snapshots.flatMap((entry) =>
      entry.relation
        ? [{ name: entry.name, result: parseYamlSnapshot(file, entry, entry.relation, env) }]
        : [],
    );
  });
}

function parseYamlSnapshot(
  file: SourceFile,
  entry: ModelProperties,
  relation: NonNullable<ModelProperties['relation']>,
  env: ParseEnv,
): SnapshotNode | 'disabled' | undefined {
  const sql = `select * from {{ ${relation.text} }}`;
  const parsed = readSqlTemplate(file, sql, 'snapshot', env.project.config.snapshots, env, entry.name);
  if (parsed === undefined) return undefined;
  if (!parsed.config.enabled) return 'disabled';
  // The query exists only in memory: a wrong ref or source must point at the YAML that wrote it.
  const captured = {
    ...parsed.captured,
    refs: parsed.captured.refs.map((call) => ({ ...call, span: relation.span })),
    sources: parsed.captured.sources.map((call) => ({ ...call, span: relation.span })),
  };
  return snapshotNode(file, { name: entry.name, sql, span: entry.span }, { ...parsed, captured }, env);
}

function snapshotNode(
  file: SourceFile,
  definition: { readonly name: string; readonly sql: string; readonly span: Span },
  parsed: ParsedSqlFile,
  env: ParseEnv,
): SnapshotNode | undefined {
  const { name, sql, span } = definition;
  const config = parsed.config;
  const checked = readSnapshotSettings(name, config, span);
  for (const error of checked.errors) env.diagnostics.error(error);
  if (!checked.settings) return undefined;
  const layer = config.layer ?? layerForPath(folderParts(parsed.pathBelowRoot), env.project.config.layers);
  const naming: NamingNode = {
    name,
    resourceType: 'snapshot',
    uniqueId: uniqueIdOf('snapshot', env.project.config.name, name),
    packageName: env.project.config.name,
    path: parsed.pathBelowRoot,
    originalFilePath: file.path,
    fqn: parsed.fqn,
    tags: config.tags,
    config,
    ...(layer ? { layer } : {}),
  };
  // dbt's older `target_database` is used as written; `database` goes through generate_database_name.
  const database =
    config.target_database ?? (env.databaseFor ? env.databaseFor(config.database, naming) : config.database);
  return {
    resourceType: 'snapshot',
    uniqueId: uniqueIdOf('snapshot', env.project.config.name, name),
    name,
    packageName: env.project.config.name,
    originalFilePath: file.path,
    path: parsed.pathBelowRoot,
    fqn: parsed.fqn,
    description: parsed.patch?.description ?? '',
    tags: config.tags,
    meta: config.meta,
    span,
    rawSql: sql,
    checksum: sha256(sql),
    config,
    refs: parsed.captured.refs,
    sources: parsed.captured.sources,
    macros: env.macrosUsedBy(sql),
    columns: parsed.patch ? columnsOf(parsed.patch.columns) : {},
    ...(layer ? { layer } : {}),
    relation: {
      ...(database ? { database } : {}),
      // dbt's older `target_schema` is used as written; `schema` goes through generate_schema_name.
      schema: config.target_schema ?? env.schemaFor(config.schema, naming),
      identifier: env.aliasFor(config.alias, naming),
    },
    snapshot: checked.settings,
  };
}
