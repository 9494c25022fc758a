import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertNever } from '../../errors/index.js';
import { silentReporter } from '../../model/reporter.js';
import { toCsv } from '../../util/csv.js';
import { MetadataErrors } from '../errors/metadata-errors.js';
import { type CatalogEntry, catalogEntries } from '../inspect/catalog-entries.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';

export type CatalogExportFormat = 'csv' | 'json';

export const CATALOG_EXPORT_FORMATS: readonly CatalogExportFormat[] = ['csv', 'json'];

export interface CatalogExportOptions extends ProjectOptions {
  readonly format: CatalogExportFormat;
  /** Write here instead of printing. */
  readonly outputFile?: string;
}

export interface CatalogExportResult {
  readonly entries: readonly CatalogEntry[];
  readonly text: string;
  /** Absolute path written, with `outputFile`. */
  readonly path?: string;
}

const CSV_HEADER = [
  'namespace',
  'name',
  'kind',
  'layer',
  'model',
  'columns',
  'row_count',
  'size_bytes',
  'snapshot_count',
  'last_updated_at',
];

/**
 * `ldp catalog export`: every table and view of the warehouse's catalog with its namespace,
 * layer, columns (`name:type`), row count, size, snapshot count and last update, as CSV (with
 * a header) or JSON. Reads the catalog without a lock.
 */
export async function catalogExport(options: CatalogExportOptions): Promise<CatalogExportResult> {
  const project = await loadProjectOnly(options);
  const reporter = options.reporter ?? silentReporter;
  const catalog = openCatalogIfBuilt(project.target);
  if (!catalog) throw MetadataErrors.noWarehouse(project.target.catalogPath);
  let entries: CatalogEntry[];
  try {
    entries = catalogEntries(catalog, (diagnostic) => reporter.report({ kind: 'diagnostic', diagnostic }));
  } finally {
    catalog.close();
  }
  const text = render(entries, options.format);
  if (options.outputFile === undefined) {
    reporter.report({ kind: 'output', text });
    return { entries, text };
  }
  const path = resolve(options.outputFile);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw MetadataErrors.cannotWrite('the catalog export', path, (error as Error).message);
  }
  reporter.report({
    kind: 'info',
    message: `Wrote ${entries.length} tables and views to ${options.outputFile}`,
  });
  return { entries, text, path };
}

function render(entries: readonly CatalogEntry[], format: CatalogExportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(entries, null, 2)}\n`;
    case 'csv':
      return toCsv(
        CSV_HEADER,
        entries.map((e) => [
          e.namespace,
          e.name,
          e.kind,
          e.layer,
          e.model,
          // `;` separates columns: types such as DECIMAL(18,2) hold commas.
          e.columns.map((c) => `${c.name}:${c.type}`).join('; '),
          e.rowCount,
          e.sizeBytes,
          e.snapshotCount,
          e.lastUpdatedAt,
        ]),
      );
    default:
      return assertNever(format, 'catalog export format');
  }
}
