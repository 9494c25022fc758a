import { existsSync } from 'node:fs';
import { fromUri } from '../iceberg/paths.js';
import type { TableIdentifier } from '../model/iceberg-catalog-port.js';
import { CatalogErrors } from './catalog-errors.js';
import { type CatalogContext, tableRowsOnly } from './context.js';
import { assertStorable, namespaceKey, objectName, splitNamespace, tableLabel } from './names.js';
import { ensureNamespace, namespaceExists } from './namespaces.js';

/** A table's catalog row. */
export interface CatalogTable {
  readonly identifier: TableIdentifier;
  readonly metadataLocation: string;
  readonly previousMetadataLocation?: string;
}

interface TableRow {
  readonly table_namespace: string;
  readonly table_name: string;
  readonly metadata_location: string | null;
  readonly previous_metadata_location: string | null;
}

function keyParams(ctx: CatalogContext, id: TableIdentifier) {
  return { catalog: ctx.catalogName, namespace: namespaceKey(id.namespace), name: objectName(id.name) };
}

const KEY = 'catalog_name = :catalog AND table_namespace = :namespace AND table_name = :name';

function findRow(ctx: CatalogContext, id: TableIdentifier): TableRow | undefined {
  return ctx.sql
    .get(
      `SELECT table_namespace, table_name, metadata_location, previous_metadata_location FROM iceberg_tables
       WHERE ${KEY} AND ${tableRowsOnly(ctx)}`,
    )
    .get(keyParams(ctx, id)) as TableRow | undefined;
}

/** The current metadata location, or undefined when there is no such table. */
export function currentMetadataLocation(ctx: CatalogContext, id: TableIdentifier): string | undefined {
  return findRow(ctx, id)?.metadata_location ?? undefined;
}

/** The table's row; throws when the table does not exist. */
export function loadTable(ctx: CatalogContext, id: TableIdentifier): CatalogTable {
  const row = findRow(ctx, id);
  if (row?.metadata_location == null) throw CatalogErrors.tableMissing(tableLabel(id), ctx.catalogName);
  return toTable(row);
}

/**
 * Registers a table whose first metadata file is written, creating its namespace when needed
 * (an ldp layer exists as soon as it has a table). A name taken by a table or a view is refused.
 */
export function registerTable(ctx: CatalogContext, id: TableIdentifier, metadataLocation: string): void {
  assertStorable(id);
  const params = keyParams(ctx, id);
  const local = localPath(metadataLocation);
  if (local !== undefined && !existsSync(local))
    throw CatalogErrors.metadataMissing(tableLabel(id), metadataLocation);
  ctx.sql.immediate(() => {
    assertNoView(ctx, id);
    ensureNamespace(ctx, id.namespace);
    const inserted = ctx.sql
      .get(
        `INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location${ctx.hasTypeColumn ? ', iceberg_type' : ''})
         VALUES (:catalog, :namespace, :name, :location, NULL${ctx.hasTypeColumn ? ", 'TABLE'" : ''}) ON CONFLICT DO NOTHING`,
      )
      .run({ ...params, location: metadataLocation });
    if (inserted.changes === 0) throw CatalogErrors.tableExists(tableLabel(id), ctx.catalogName);
  });
}

/**
 * The commit: sets `next` only while the row still points at `expected`. False means another
 * writer committed first, and nothing changed.
 */
export function swapMetadataLocation(
  ctx: CatalogContext,
  id: TableIdentifier,
  expected: string,
  next: string,
): boolean {
  const result = ctx.sql
    .get(
      `UPDATE iceberg_tables SET metadata_location = :next, previous_metadata_location = :expected
       WHERE ${KEY} AND metadata_location = :expected AND ${tableRowsOnly(ctx)}`,
    )
    .run({ ...keyParams(ctx, id), expected, next });
  return result.changes === 1;
}

/** The tables of one namespace, sorted by name; throws when the namespace does not exist. */
export function listTables(ctx: CatalogContext, namespace: readonly string[]): TableIdentifier[] {
  const key = namespaceKey(namespace);
  if (!namespaceExists(ctx, namespace)) throw CatalogErrors.namespaceMissing(key, ctx.catalogName);
  const rows = ctx.sql
    .get(
      `SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND ${tableRowsOnly(ctx)}
       ORDER BY table_name`,
    )
    .all(ctx.catalogName, key) as { table_name: string }[];
  return rows.map((row) => ({ namespace: [...namespace], name: row.table_name }));
}

/** Every table of the catalog with its metadata location, sorted by namespace and name. */
export function listAllTables(ctx: CatalogContext): CatalogTable[] {
  const rows = ctx.sql
    .get(
      `SELECT table_namespace, table_name, metadata_location, previous_metadata_location FROM iceberg_tables
       WHERE catalog_name = ? AND metadata_location IS NOT NULL AND ${tableRowsOnly(ctx)} ORDER BY 1, 2`,
    )
    .all(ctx.catalogName) as TableRow[];
  return rows.map(toTable);
}

/** Deletes the table's row and returns it; the files stay (see `SqliteCatalog.dropTable`). */
export function dropTableRow(ctx: CatalogContext, id: TableIdentifier): CatalogTable {
  return ctx.sql.immediate(() => {
    const table = loadTable(ctx, id);
    ctx.sql.get(`DELETE FROM iceberg_tables WHERE ${KEY} AND ${tableRowsOnly(ctx)}`).run(keyParams(ctx, id));
    return table;
  });
}

/** Renames a table, possibly into another namespace, which must exist. Files do not move. */
export function renameTable(ctx: CatalogContext, from: TableIdentifier, to: TableIdentifier): void {
  const source = keyParams(ctx, from);
  assertStorable(to);
  const target = keyParams(ctx, to);
  ctx.sql.immediate(() => {
    if (!namespaceExists(ctx, to.namespace))
      throw CatalogErrors.namespaceMissing(target.namespace, ctx.catalogName);
    loadTable(ctx, from);
    assertNoView(ctx, to);
    const taken = ctx.sql.get(`SELECT 1 FROM iceberg_tables WHERE ${KEY}`).get(target);
    if (taken !== undefined) throw CatalogErrors.tableExists(tableLabel(to), ctx.catalogName);
    ctx.sql
      .get(
        `UPDATE iceberg_tables SET table_namespace = :toNamespace, table_name = :toName WHERE ${KEY} AND ${tableRowsOnly(ctx)}`,
      )
      .run({ ...source, toNamespace: target.namespace, toName: target.name });
  });
}

/** True when a table row of that name exists (views are not tables). */
export function tableExists(ctx: CatalogContext, id: TableIdentifier): boolean {
  return findRow(ctx, id) !== undefined;
}

function assertNoView(ctx: CatalogContext, id: TableIdentifier): void {
  const view = ctx.sql
    .get('SELECT 1 FROM ldp_views WHERE catalog_name = :catalog AND namespace = :namespace AND name = :name')
    .get(keyParams(ctx, id));
  if (view !== undefined) throw CatalogErrors.tableExists(tableLabel(id), ctx.catalogName, 'view');
}

/** The local file of a `file://` (or bare) location; undefined for remote schemes we cannot check. */
export function localPath(location: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !location.startsWith('file://')) return undefined;
  return fromUri(location);
}

function toTable(row: TableRow): CatalogTable {
  return {
    identifier: { namespace: splitNamespace(row.table_namespace), name: row.table_name },
    metadataLocation: row.metadata_location ?? '',
    ...(row.previous_metadata_location ? { previousMetadataLocation: row.previous_metadata_location } : {}),
  };
}
