/**
 * The ldp library: the same operations as the CLI, as functions that take options and return
 * typed results. All output goes through the `reporter` option.
 */

export { LdpError, LdpErrors } from '../errors/index.js';
export { RESOURCE_TYPES, type ResourceType } from '../model/node.js';
export { CollectingReporter, type ReportEvent, type Reporter } from '../model/reporter.js';
export type { RestCatalogServer } from '../servers/rest-catalog/index.js';
export type { CatalogEntry } from './catalog-entries.js';
export {
  CATALOG_EXPORT_FORMATS,
  type CatalogExportFormat,
  type CatalogExportOptions,
  type CatalogExportResult,
  catalogExport,
} from './catalog-export.js';
export { type CatalogServeOptions, catalogServe } from './catalog-serve.js';
export { clean } from './clean-command.js';
export {
  type RunOperationOptions,
  type RunOperationResult,
  runOperation,
} from './commands/run-operation.js';
export { type CompileResult, compile } from './compile.js';
export { debugProject } from './debug.js';
export { type DemoOptions, demo } from './demo.js';
export { type DepsOptions, deps } from './deps.js';
export { type DocsGenerateResult, type DocsServeOptions, docsGenerate, docsServe } from './docs.js';
export * from './explore/index.js';
export { initProject } from './init.js';
export { type LineageOptions, type LineageResult, lineage } from './lineage.js';
export { type ListOutput, list } from './list.js';
export type { ProjectOptions, SelectionOptions } from './options.js';
export { type ParsedProject, parse } from './parse.js';
export * from './query/index.js';
export { type RecordLineageOptions, recordLineage } from './record-lineage.js';
export {
  type RelocatedTable,
  type RelocateOptions,
  type RelocateResult,
  relocate,
} from './relocate.js';
export { type RollbackOptions, type RollbackResult, rollback } from './rollback.js';
export { build, type ExecuteOptions, type ExecuteResult, run, seed, snapshot, test } from './run.js';
export { type ShowFormat, type ShowOptions, type ShowResult, show } from './show.js';
export { type SnapshotEntry, type SnapshotsOptions, type SnapshotsResult, snapshots } from './snapshots.js';
export {
  type SourceFreshnessOptions,
  type SourceFreshnessResult,
  sourceFreshness,
} from './source-freshness.js';
export { type VacuumOptions, type VacuumResult, type VacuumTableResult, vacuum } from './vacuum.js';
