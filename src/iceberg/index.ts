export { type LoadedMetadata, loadMetadata } from './commit.js';
export {
  type ExpireOptions,
  type ExpiryPlan,
  findOrphanFiles,
  planExpiry,
  reachableFiles,
} from './maintenance/maintenance.js';
export {
  type LocationMap,
  locationMap,
  planRelocation,
  relocateTable,
  type TableRelocation,
  tailUnder,
  warehouseRootOf,
} from './maintenance/relocate.js';
export {
  type MetadataPointers,
  type RestoredMetadata,
  restorePreviousMetadata,
} from './maintenance/restore-previous-metadata.js';
export { parseMetadata, stringifyMetadata } from './metadata-json.js';
export { bucketOf, murmur3 } from './partition/murmur3.js';
export type { PartitionBy } from './partition/partition-spec.js';
export { fromUri, toUri } from './paths.js';
export { describeQuery } from './query-columns.js';
export { type LiveFile, liveFiles } from './scan/live-files.js';
export { type Predicate, pruneFiles } from './scan/pruning.js';
export { chooseSnapshot, planScan, relationSql, type ScanOptions, type ScanPlan } from './scan/scan.js';
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
export type * from './types.js';
export {
  commitTableChange,
  createTableFromUpdates,
  stageTableFromUpdates,
  type TableChange,
} from './updates/commit-updates.js';
export { failedRequirement, type TableRequirement } from './updates/table-requirements.js';
export {
  type AddedSpec,
  applyTableUpdates,
  type RefUpdate,
  type TableUpdate,
} from './updates/table-updates.js';
export { assertTableInWarehouse, isInsideFolder, tableFolder } from './warehouse-bounds.js';
