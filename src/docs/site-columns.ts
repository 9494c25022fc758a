import type { ColumnInfo } from '../model/node.js';
import type { DocsLineageColumn, DocsTableColumn } from './docs-input.js';
import { renderMarkdown } from './markdown.js';
import type { SiteColumn } from './site-data.js';

/** What is known about a node's columns, from the manifest, the catalog and stored lineage. */
export interface ColumnSources {
  readonly documented: Readonly<Record<string, ColumnInfo>>;
  /** The table's real columns, when the catalog has the table. */
  readonly table?: readonly DocsTableColumn[];
  /** Columns found by lineage analysis, sorted by ordinal. */
  readonly lineage?: readonly DocsLineageColumn[];
  /** Tests by lower-case column name. */
  readonly tests?: ReadonlyMap<string, readonly number[]>;
}

/**
 * Merges a node's columns. The table's own columns lead, in table order, with the catalog's
 * types; without a table, lineage's columns lead; columns that are only documented follow (and
 * are flagged `missing` when the table exists without them). Names match case-insensitively,
 * as DuckDB's do. Tests on a column that matches none are returned as `unmatchedTests`.
 */
export function siteColumns(sources: ColumnSources): {
  columns: SiteColumn[];
  unmatchedTests: number[];
} {
  const documented = new Map(Object.values(sources.documented).map((c) => [c.name.toLowerCase(), c]));
  const inLineage = new Map((sources.lineage ?? []).map((c) => [c.name.toLowerCase(), c]));
  const leading = sources.table ?? sources.lineage?.map((c) => ({ name: c.name, type: c.dataType })) ?? [];
  const names = new Map<string, string>();
  for (const column of leading) names.set(column.name.toLowerCase(), column.name);
  const typeOf = new Map(leading.map((c) => [c.name.toLowerCase(), c.type]));
  for (const [key, column] of documented) if (!names.has(key)) names.set(key, column.name);
  const columns = [...names].map(([key, name]): SiteColumn => {
    const doc = documented.get(key);
    const type = typeOf.get(key) ?? inLineage.get(key)?.dataType ?? doc?.dataType;
    return {
      name,
      ...(type ? { type } : {}),
      descriptionHtml: renderMarkdown(doc?.description || inLineage.get(key)?.description || ''),
      tests: sources.tests?.get(key) ?? [],
      ...(sources.table && !typeOf.has(key) ? { missing: true as const } : {}),
    };
  });
  const unmatchedTests = [...(sources.tests ?? [])].filter(([key]) => !names.has(key)).flatMap(([, t]) => t);
  return { columns, unmatchedTests };
}
