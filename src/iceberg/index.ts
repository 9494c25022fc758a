export { loadMetadata } from './commit.js';
export { type LiveFile, liveFiles } from './live-files.js';
export { type ExpireOptions, reachableFiles } from './maintenance.js';
export { parseMetadata, stringifyMetadata } from './metadata-json.js';
export { fromUri, toUri } from './paths.js';
export { type Predicate, pruneFiles } from './pruning.js';
export { chooseSnapshot, planScan, relationSql, type ScanOptions, type ScanPlan } from './scan.js';
export { duckTypeOf, schemaFromDuckDb } from './schema-mapping.js';
export {
  type CreateTableOptions,
  describeQuery,
  IcebergTable,
  type WriteOptions,
  type WriteResult,
} from './table.js';
export type * from './types.js';
