export { type LoadedMetadata, loadMetadata } from './commit.js';
export {
  commitTableChange,
  createTableFromUpdates,
  stageTableFromUpdates,
  type TableChange,
} from './commit-updates.js';
export { type LiveFile, liveFiles } from './live-files.js';
export {
  type ExpireOptions,
  type ExpiryPlan,
  findOrphanFiles,
  planExpiry,
  reachableFiles,
} from './maintenance.js';
export { parseMetadata, stringifyMetadata } from './metadata-json.js';
export { bucketOf, murmur3 } from './murmur3.js';
export type { PartitionBy } from './partition-spec.js';
export { fromUri, toUri } from './paths.js';
export { type Predicate, pruneFiles } from './pruning.js';
export { describeQuery } from './query-columns.js';
export {
  type LocationMap,
  locationMap,
  planRelocation,
  relocateTable,
  type TableRelocation,
  tailUnder,
  warehouseRootOf,
} from './relocate.js';
export {
  type MetadataPointers,
  type RestoredMetadata,
  restorePreviousMetadata,
} from './restore-previous-metadata.js';
export { chooseSnapshot, planScan, relationSql, type ScanOptions, type ScanPlan } from './scan.js';
export type { EvolutionMode, SchemaChange } from './schema-evolution.js';
export { duckTypeOf, schemaFromDuckDb } from './schema-mapping.js';
export { stagedCatalog } from './staged-catalog.js';
export {
  type CreateTableOptions,
  createTable,
  IcebergTable,
  ORPHAN_SAFETY_WINDOW_MS,
  openTable,
  type ReplaceOptions,
  type WriteOptions,
  type WriteResult,
} from './table.js';
export { findTableFolders } from './table-folders.js';
export { failedRequirement, type TableRequirement } from './table-requirements.js';
export { type AddedSpec, applyTableUpdates, type RefUpdate, type TableUpdate } from './table-updates.js';
export type * from './types.js';
export { assertTableInWarehouse, isInsideFolder, tableFolder } from './warehouse-bounds.js';
