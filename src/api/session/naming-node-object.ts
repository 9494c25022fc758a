import type { NamingNode } from '../../parse/naming-node.js';

/**
 * The `node` a project's `generate_schema_name`/`generate_alias_name` receives, with dbt's keys:
 * `resource_type`, `unique_id`, `fqn`, `config`… Custom config keys sit beside the known ones,
 * as in dbt (`node.config.owner`), rather than under ldp's `extra`.
 */
export function namingNodeObject(node: NamingNode): Record<string, unknown> {
  return {
    name: node.name,
    resource_type: node.resourceType,
    unique_id: node.uniqueId,
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    fqn: node.fqn,
    tags: node.tags,
    config: flatConfig(node.config),
    layer: node.layer ?? null,
    version: node.version ?? null,
  };
}

function flatConfig(config: object): Record<string, unknown> {
  const { extra, ...known } = config as { extra?: Record<string, unknown> };
  const flat: Record<string, unknown> = { ...known };
  for (const [key, value] of Object.entries(extra ?? {})) if (!Object.hasOwn(flat, key)) flat[key] = value;
  return flat;
}
