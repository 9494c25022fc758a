export type { BigQueryAuth, BigQueryTarget } from '../../model/bigquery-target.js';
export {
  appendSql,
  type IncrementalWrite,
  insertOverwriteDynamicSql,
  insertOverwriteStaticSql,
  mergeSql,
} from './incremental-sql.js';
export {
  type BigQueryPartitionBy,
  partitionExpression,
  partitionFromFields,
  readBigQueryPartitionBy,
} from './partition-by.js';
export { type BigQueryColumn, planSchemaChange, type SchemaChangePlan } from './schema-change.js';
export { type LoadSchemaField, seedLoadSchema } from './seed-schema.js';
export { type BigQuerySnapshotInput, snapshotFirstBuildSql, snapshotMergeSql } from './snapshot-sql.js';
export { type BigQueryTableConfig, readTableConfig, type WrittenTableConfig } from './table-config.js';
export {
  createTableAsSql,
  createTableSql,
  createViewSql,
  dropRelationSql,
  type RelationName,
} from './table-ddl.js';
