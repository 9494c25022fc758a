import type { TableIdentifier } from '../model/iceberg-catalog-port.js';
import { CatalogErrors } from './catalog-errors.js';
import type { CatalogContext } from './context.js';
import { assertStorable, namespaceKey, objectName, splitNamespace, tableLabel } from './names.js';
import { ensureNamespace } from './namespaces.js';
import type { ViewColumn, ViewDefinition, ViewRecord } from './records.js';

/*
 * Views live only in `ldp_views`, never in `iceberg_tables`: pyiceberg's SqlCatalog lists and
 * loads every row there as a table (releases before its `iceberg_type` support ignore the
 * column), so a 'VIEW' row would break `list_tables`/`load_table` for pyiceberg users.
 */

interface ViewRow {
  readonly namespace: string;
  readonly name: string;
  readonly sql: string;
  readonly columns: string;
  readonly unique_id: string | null;
  readonly updated_at: string;
}

const SELECT = 'SELECT namespace, name, sql, columns, unique_id, updated_at FROM ldp_views';

/** Creates or replaces a view definition; refused when a table has that name. */
export function upsertView(ctx: CatalogContext, view: ViewDefinition): void {
  assertStorable(view);
  const params = {
    catalog: ctx.catalogName,
    namespace: namespaceKey(view.namespace),
    name: objectName(view.name),
  };
  ctx.sql.immediate(() => {
    const table = ctx.sql
      .get(
        'SELECT 1 FROM iceberg_tables WHERE catalog_name = :catalog AND table_namespace = :namespace AND table_name = :name',
      )
      .get(params);
    if (table !== undefined) throw CatalogErrors.tableExists(tableLabel(view), ctx.catalogName);
    ensureNamespace(ctx, view.namespace);
    ctx.sql
      .get(
        `INSERT INTO ldp_views (catalog_name, namespace, name, sql, columns, unique_id, updated_at)
         VALUES (:catalog, :namespace, :name, :sql, :columns, :uniqueId, :updatedAt)
         ON CONFLICT DO UPDATE SET sql = excluded.sql, columns = excluded.columns,
           unique_id = excluded.unique_id, updated_at = excluded.updated_at`,
      )
      .run({
        ...params,
        sql: view.sql,
        columns: JSON.stringify(view.columns),
        uniqueId: view.uniqueId ?? null,
        updatedAt: ctx.now().toISOString(),
      });
  });
}

/** The view's definition, or undefined. */
export function loadView(ctx: CatalogContext, id: TableIdentifier): ViewRecord | undefined {
  const row = ctx.sql
    .get(`${SELECT} WHERE catalog_name = ? AND namespace = ? AND name = ?`)
    .get(ctx.catalogName, namespaceKey(id.namespace), id.name) as ViewRow | undefined;
  return row && toView(row);
}

/** The views of one namespace, or of the whole catalog, sorted by namespace and name. */
export function listViews(ctx: CatalogContext, namespace?: readonly string[]): ViewRecord[] {
  const rows = (
    namespace === undefined
      ? ctx.sql.get(`${SELECT} WHERE catalog_name = ? ORDER BY namespace, name`).all(ctx.catalogName)
      : ctx.sql
          .get(`${SELECT} WHERE catalog_name = ? AND namespace = ? ORDER BY name`)
          .all(ctx.catalogName, namespaceKey(namespace))
  ) as ViewRow[];
  return rows.map(toView);
}

/**
 * The names of every view, without their SQL or columns: cheap enough to read at the start of
 * any command, which then loads only the views it needs (`loadView`).
 */
export function listViewIds(ctx: CatalogContext): TableIdentifier[] {
  const rows = ctx.sql
    .get('SELECT namespace, name FROM ldp_views WHERE catalog_name = ? ORDER BY namespace, name')
    .all(ctx.catalogName) as { namespace: string; name: string }[];
  return rows.map((row) => ({ namespace: splitNamespace(row.namespace), name: row.name }));
}

/** Deletes a view definition; throws when there is none. */
export function dropView(ctx: CatalogContext, id: TableIdentifier): void {
  const result = ctx.sql
    .get('DELETE FROM ldp_views WHERE catalog_name = ? AND namespace = ? AND name = ?')
    .run(ctx.catalogName, namespaceKey(id.namespace), id.name);
  if (result.changes === 0) throw CatalogErrors.tableMissing(tableLabel(id), ctx.catalogName, 'view');
}

function toView(row: ViewRow): ViewRecord {
  return {
    namespace: splitNamespace(row.namespace),
    name: row.name,
    sql: row.sql,
    columns: JSON.parse(row.columns) as ViewColumn[],
    ...(row.unique_id !== null ? { uniqueId: row.unique_id } : {}),
    updatedAt: row.updated_at,
  };
}
