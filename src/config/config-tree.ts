import type { LdpError } from '../errors/index.js';
import type { ConfigTree, ConfigValue } from '../model/project.js';
import { canonicalConfigKey } from './node-config-keys.js';
import { validateNodeConfig } from './validate-node-config.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/**
 * Reads a `models:`-style tree. A `+key` is always config; a bare key is config when it is a
 * known config name and its value is not a folder map (as dbt decides), or when its value is not
 * a map at all; anything else is a sub-folder (or the project name at the top).
 */
export function readConfigTree(
  value: unknown,
  yaml: YamlSource,
  path: YamlPath,
  problems: { errors: LdpError[]; warnings: LdpError[] },
): ConfigTree {
  const config: Record<string, ConfigValue> = {};
  const children: Record<string, ConfigTree> = {};
  if (value === null || value === undefined) return { config, children };
  const raw: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const isConfig =
      key.startsWith('+') || (canonicalConfigKey(key) !== undefined && !isFolderMap(key, child));
    // `staging:` with nothing under it is a folder without config, not a custom config key.
    const isFolder = !isConfig && (child === null || (typeof child === 'object' && !Array.isArray(child)));
    if (isFolder) {
      children[key] = readConfigTree(child, yaml, [...path, key], problems);
    } else {
      // A bare key with a plain value is config too (a custom one, unless it is known).
      raw[key] = child;
      config[key.replace(/^\+/, '')] = { value: child, span: yaml.spanOf([...path, key]) };
    }
  }
  const checked = validateNodeConfig(raw, (key) => yaml.spanOf([...path, key]));
  problems.errors.push(...checked.errors);
  problems.warnings.push(...checked.warnings);
  return { config, children, span: yaml.spanOf(path) };
}

/** `meta`, `column_types` and the like take maps as values; other config names under a map are folders. */
function isFolderMap(key: string, value: unknown): boolean {
  const mapValued =
    key === 'meta' ||
    key === 'column_types' ||
    key === 'snapshot_meta_column_names' ||
    key === 'partition_by';
  return !mapValued && value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The config levels that apply to a node at `folderPath` (folders, then the node name), least specific first. */
export function configLevelsForPath(
  tree: ConfigTree,
  projectName: string,
  folderPath: readonly string[],
): Record<string, unknown>[] {
  const levels: Record<string, unknown>[] = [];
  let node: ConfigTree | undefined = tree.children[projectName];
  if (Object.keys(tree.config).length > 0) levels.push(unwrap(tree));
  for (let i = 0; node !== undefined; i++) {
    if (Object.keys(node.config).length > 0) levels.push(unwrap(node));
    const next = folderPath[i];
    node = next === undefined ? undefined : node.children[next];
  }
  return levels;
}

function unwrap(tree: ConfigTree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(tree.config)) out[key] = entry.value;
  return out;
}

/** The medallion layer of a node: the first folder below the model path that is a layer name. */
export function layerForPath(folders: readonly string[], layers: readonly string[]): string | undefined {
  return folders.find((folder) => layers.includes(folder));
}
