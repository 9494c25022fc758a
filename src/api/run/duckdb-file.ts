import { exportDatabaseFile } from '../../adapters/duckdb/export-database-file.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import type { ParsedProject } from '../session/parse.js';

/** Refreshes the target's `duckdb_path` file (if it has one) with a view per warehouse relation. */
export async function exportDuckdbFileIfConfigured(
  catalog: SqliteCatalog,
  parsed: ParsedProject,
): Promise<void> {
  const path = parsed.project.target.duckdbPath;
  if (!path) return;
  const views = await exportDatabaseFile(catalog, path);
  parsed.reporter.report({ kind: 'info', message: `Refreshed ${path} with ${views} views` });
}
