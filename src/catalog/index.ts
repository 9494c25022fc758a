export { ICEBERG_CATALOG_DDL } from './iceberg-ddl.js';
export { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';
export type { PropertiesUpdate, PropertiesUpdateSummary } from './namespaces.js';
export type {
  ColumnEdgeKind,
  ColumnLineageEdge,
  LineageColumn,
  LineageEdge,
  LineageGraph,
  LineageNode,
  NodeHistoryEntry,
  NodeResultRecord,
  ReplaceLineageOptions,
  RunEnd,
  RunRecord,
  RunStart,
  RunStatus,
  StoredLineageEdge,
  StoredLineageNode,
  ViewColumn,
  ViewDefinition,
  ViewRecord,
} from './records.js';
export {
  DEFAULT_CATALOG_NAME,
  type DroppedTable,
  type DropTableOptions,
  type OpenCatalogOptions,
  openCatalog,
  SqliteCatalog,
} from './sqlite-catalog.js';
export type { CatalogTable } from './tables.js';
export type { AcquireLockOptions, LockHolder, WarehouseLock } from './warehouse-lock.js';
