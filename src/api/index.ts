/**
 * The ldp library: the same operations as the CLI, as functions that take options and return
 * typed results. All output goes through the `reporter` option.
 */

export { LdpError, LdpErrors } from '../errors/index.js';
export { RESOURCE_TYPES, type ResourceType } from '../model/node.js';
export { CollectingReporter, type ReportEvent, type Reporter } from '../model/reporter.js';
export type { RestCatalogServer } from '../servers/rest-catalog/index.js';
export {
  CATALOG_EXPORT_FORMATS,
  type CatalogExportFormat,
  type CatalogExportOptions,
  type CatalogExportResult,
  catalogExport,
} from './commands/catalog-export.js';
export { type CatalogServeOptions, catalogServe } from './commands/catalog-serve.js';
export { clean } from './commands/clean.js';
export { type CompileResult, compile } from './commands/compile.js';
export { debugProject } from './commands/debug.js';
export { type DemoOptions, demo } from './commands/demo.js';
export { type DepsOptions, deps } from './commands/deps.js';
export { type DocsGenerateResult, type DocsServeOptions, docsGenerate, docsServe } from './commands/docs.js';
export { initProject } from './commands/init.js';
export { type LineageOptions, type LineageResult, lineage } from './commands/lineage.js';
export { type ListOutput, list } from './commands/list.js';
export {
  type RelocatedTable,
  type RelocateOptions,
  type RelocateResult,
  relocate,
} from './commands/relocate.js';
export { type RollbackOptions, type RollbackResult, rollback } from './commands/rollback.js';
export { build, type ExecuteOptions, type ExecuteResult, run, seed, snapshot, test } from './commands/run.js';
export { type RunOperationOptions, type RunOperationResult, runOperation } from './commands/run-operation.js';
export { type ShowFormat, type ShowOptions, type ShowResult, show } from './commands/show.js';
export {
  type SnapshotEntry,
  type SnapshotsOptions,
  type SnapshotsResult,
  snapshots,
} from './commands/snapshots.js';
export {
  type SourceFreshnessOptions,
  type SourceFreshnessResult,
  sourceFreshness,
} from './commands/source-freshness.js';
export {
  type LoadedSource,
  type SourceLoadCommandResult,
  type SourceLoadOptions,
  sourceLoad,
} from './commands/source-load.js';
export { type VacuumOptions, type VacuumResult, type VacuumTableResult, vacuum } from './commands/vacuum.js';
export * from './explore/index.js';
export type { CatalogEntry } from './inspect/catalog-entries.js';
export * from './query/index.js';
export { type RecordLineageOptions, recordLineage } from './record/record-lineage.js';
export type { ProjectOptions, SelectionOptions } from './session/options.js';
export { type ParsedProject, parse } from './session/parse.js';
