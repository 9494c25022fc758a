import { statSync } from 'node:fs';
import { configLevelsForPath, layerForPath, mergeConfig } from '../config/index.js';
import type { SeedNode } from '../model/node.js';
import type { SourceFile } from '../model/project.js';
import { baseName, folderParts, fqnOf, pathBelow, sha256, uniqueIdOf } from './naming.js';
import type { NamingNode } from './naming-node.js';
import type { ParseEnv } from './parse-env.js';
import { columnsOf } from './source-nodes.js';
import { patchLevel } from './sql-nodes.js';

/** A CSV under seed-paths. Its rows are read by the engine at `ldp seed`, never by parsing. */
export function parseSeedFile(file: SourceFile, env: ParseEnv): SeedNode | 'disabled' {
  const projectName = env.project.config.name;
  const name = baseName(file.path);
  const below = pathBelow(file.rootPath, file.path);
  const folders = folderParts(below);
  const patch = env.properties.patchFor('seed', name)?.props;
  const levels = [...configLevelsForPath(env.project.config.seeds, projectName, [...folders, name])];
  if (patch) levels.push(patchLevel(patch));
  const config = mergeConfig(levels, 'seed');
  if (!config.enabled) return 'disabled';
  const layer = config.layer ?? layerForPath(folders, env.project.config.layers);
  const naming: NamingNode = {
    name,
    resourceType: 'seed',
    uniqueId: uniqueIdOf('seed', projectName, name),
    packageName: projectName,
    path: below,
    originalFilePath: file.path,
    fqn: fqnOf(projectName, below, name),
    tags: config.tags,
    config,
    ...(layer ? { layer } : {}),
  };
  return {
    resourceType: 'seed',
    uniqueId: naming.uniqueId,
    name,
    packageName: projectName,
    originalFilePath: file.path,
    path: below,
    fqn: naming.fqn,
    description: patch?.description ?? '',
    tags: config.tags,
    meta: config.meta,
    span: patch?.span ?? { file: file.path, line: 1, col: 1 },
    // Size and mtime stand in for the content: seeds can be large and parsing never reads them.
    checksum: sha256(`${file.path}:${fileStamp(file.absolutePath)}`),
    config,
    ...(layer ? { layer } : {}),
    relation: {
      ...databaseOf(env, config.database, naming),
      schema: env.schemaFor(config.schema, naming),
      identifier: env.aliasFor(config.alias, naming),
    },
    columns: patch ? columnsOf(patch.columns) : {},
  };
}

function fileStamp(path: string): string {
  const stats = statSync(path);
  return `${stats.size}:${stats.mtimeMs}`;
}

/** The relation's `database` part: the node's own, or none for the target's database. */
function databaseOf(
  env: Pick<ParseEnv, 'databaseFor'>,
  custom: string | undefined,
  naming: NamingNode,
): { database?: string } {
  const database = env.databaseFor ? env.databaseFor(custom, naming) : custom;
  return database ? { database } : {};
}
