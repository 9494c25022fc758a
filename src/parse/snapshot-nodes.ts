import { layerForPath } from '../config/index.js';
import type { SnapshotNode } from '../model/node.js';
import type { SourceFile } from '../model/project.js';
import type { TemplateBlock } from '../template/index.js';
import { folderParts, sha256, uniqueIdOf } from './naming.js';
import type { ParseEnv } from './parse-env.js';
import { columnsOf } from './source-nodes.js';
import { readSqlTemplate } from './sql-nodes.js';

/** A `{% snapshot name %}…{% endsnapshot %}` block: an SCD type-2 table built from its query. */
export function parseSnapshotBlock(
  file: SourceFile,
  block: TemplateBlock,
  env: ParseEnv,
): SnapshotNode | 'disabled' | undefined {
  const parsed = readSqlTemplate(file, block.body, 'snapshot', env.project.config.snapshots, env, block.name);
  if (parsed === undefined) return undefined;
  if (!parsed.config.enabled) return 'disabled';
  const layer =
    parsed.config.layer ?? layerForPath(folderParts(parsed.pathBelowRoot), env.project.config.layers);
  return {
    resourceType: 'snapshot',
    uniqueId: uniqueIdOf('snapshot', env.project.config.name, block.name),
    name: block.name,
    packageName: env.project.config.name,
    originalFilePath: file.path,
    path: parsed.pathBelowRoot,
    fqn: parsed.fqn,
    description: parsed.patch?.description ?? '',
    tags: parsed.config.tags,
    meta: parsed.config.meta,
    span: block.span,
    rawSql: block.body,
    checksum: sha256(block.body),
    config: parsed.config,
    refs: parsed.captured.refs,
    sources: parsed.captured.sources,
    macros: [],
    columns: parsed.patch ? columnsOf(parsed.patch.columns) : {},
    ...(layer ? { layer } : {}),
    relation: {
      ...(parsed.config.database ? { database: parsed.config.database } : {}),
      schema: env.schemaFor(parsed.config.schema, layer, block.name),
      identifier: env.aliasFor(parsed.config.alias, block.name),
    },
  };
}
