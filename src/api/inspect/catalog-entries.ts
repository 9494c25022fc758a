import { LATEST_VERSION, type SqliteCatalog } from '../../catalog/index.js';
import { asWarning, LdpError } from '../../errors/index.js';
import { duckTypeOf, type IcebergTable, openTable } from '../../iceberg/index.js';
import type { TableIdentifier } from '../../model/iceberg-catalog-port.js';

/** A table or view of the catalog, as `ldp catalog export` lists it. */
export interface CatalogEntry {
  readonly namespace: string;
  readonly name: string;
  readonly kind: 'table' | 'view';
  /** Medallion layer: the table property `ldp.layer` (a view's from the stored lineage). */
  readonly layer?: string;
  /** The node that writes it (table property `ldp.model`, or the view's model). */
  readonly model?: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Rows of the current snapshot (`total-records`); absent for views. */
  readonly rowCount?: number;
  /** Bytes of the current snapshot's data files (`total-files-size`); absent for views. */
  readonly sizeBytes?: number;
  readonly snapshotCount: number;
  /** ISO time of the last change: the table metadata's `last-updated-ms`, a view's record. */
  readonly lastUpdatedAt: string;
}

/**
 * Every table and view of the catalog, sorted by namespace and name, read from each table's
 * current metadata file. A table whose metadata file is missing or damaged is left out, and
 * `warn` is told why.
 */
export function catalogEntries(
  catalog: SqliteCatalog,
  warn: (error: LdpError) => void = () => {},
): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (const { identifier } of catalog.listAllTables()) {
    const table = openOrWarn(catalog, identifier, warn);
    if (!table) continue;
    const properties = table.metadata.properties;
    const summary = table.currentSnapshot?.summary;
    const rowCount = count(summary?.['total-records']);
    const sizeBytes = count(summary?.['total-files-size']);
    entries.push({
      namespace: identifier.namespace.join('.'),
      name: identifier.name,
      kind: 'table',
      ...(properties['ldp.layer'] ? { layer: properties['ldp.layer'] } : {}),
      ...(properties['ldp.model'] ? { model: properties['ldp.model'] } : {}),
      columns: table.schema.fields.map((f) => ({ name: f.name, type: duckTypeOf(f.type) })),
      ...(rowCount === undefined ? {} : { rowCount }),
      ...(sizeBytes === undefined ? {} : { sizeBytes }),
      snapshotCount: table.snapshots().length,
      lastUpdatedAt: new Date(table.metadata['last-updated-ms']).toISOString(),
    });
  }
  if (catalog.schemaVersion === LATEST_VERSION) entries.push(...viewEntries(catalog));
  return entries.sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name));
}

function openOrWarn(
  catalog: SqliteCatalog,
  id: TableIdentifier,
  warn: (error: LdpError) => void,
): IcebergTable | undefined {
  try {
    return openTable(catalog, id);
  } catch (error) {
    if (!(error instanceof LdpError)) throw error;
    warn(asWarning(error));
    return undefined;
  }
}

function viewEntries(catalog: SqliteCatalog): CatalogEntry[] {
  const layers = new Map(catalog.readLineage().nodes.map((n) => [n.uniqueId, n.layer]));
  return catalog.listViews().map((view) => {
    const layer = view.uniqueId ? layers.get(view.uniqueId) : undefined;
    return {
      namespace: view.namespace.join('.'),
      name: view.name,
      kind: 'view',
      ...(layer ? { layer } : {}),
      ...(view.uniqueId ? { model: view.uniqueId } : {}),
      columns: view.columns.map((c) => ({ name: c.name, type: c.type })),
      snapshotCount: 0,
      lastUpdatedAt: view.updatedAt,
    };
  });
}

function count(text: string | undefined): number | undefined {
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
