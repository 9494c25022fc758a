export { configLevelsForPath, layerForPath, readConfigTree } from './config-tree.js';
export { type ConfigResourceType, mergeConfig } from './merge-config.js';
export { canonicalConfigKey, KNOWN_UNUSED_CONFIG_KEYS, NODE_CONFIG_KEYS } from './node-config-keys.js';
export { normalizePartitionBy } from './partition-by.js';
export {
  hasJinja,
  isDeferredProjectValue,
  mapYamlStrings,
  nativeValue,
  type RenderString,
  renderYamlValues,
} from './render-values.js';
export { readSnapshotSettings } from './snapshot-settings.js';
export { validateNodeConfig } from './validate-node-config.js';
export { YAML_SCHEMA, type YamlPath, YamlSource } from './yaml-source.js';
export { type IssueContext, issuesToErrors } from './zod-issues.js';
