/**
 * The static docs site: manifest and catalog facts in, a site that opens from disk out.
 * `generateDocsSite` is pure; `loadDocsAssets`, `writeDocsSite` and `serveDocs` do the I/O.
 */

export { buildSiteData } from './build-site-data.js';
export { type DocsAssets, loadDocsAssets } from './docs-assets.js';
export { DocsErrors } from './docs-errors.js';
export type {
  DocsColumnEdge,
  DocsInput,
  DocsLineage,
  DocsLineageColumn,
  DocsSnapshot,
  DocsTable,
  DocsTableColumn,
  DocsTestResult,
} from './docs-input.js';
export { type DocsSite, type DocsSiteFile, generateDocsSite } from './generate-site.js';
export { type DocsServer, type ServeDocsOptions, serveDocs } from './serve-docs.js';
export type { ColumnEdgeKind, SiteData, SiteNode, TestStatus } from './site-data.js';
export { writeDocsSite } from './write-site.js';
