import { CatalogErrors } from './catalog-errors.js';
import type { CatalogContext } from './context.js';
import { assertStorable, namespaceKey, splitNamespace } from './names.js';

/** The property pyiceberg writes for a namespace created without any. */
const MINIMAL_PROPERTIES: Readonly<Record<string, string>> = { exists: 'true' };

export interface PropertiesUpdate {
  readonly updates?: Readonly<Record<string, string>>;
  readonly removals?: readonly string[];
}

/** What an update did, as pyiceberg's `PropertiesUpdateSummary` reports it. */
export interface PropertiesUpdateSummary {
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  /** Removals naming a property the namespace did not have. */
  readonly missing: readonly string[];
}

/**
 * True when the namespace has its own rows (properties or tables), or a child namespace does:
 * like pyiceberg, a parent level exists implicitly.
 */
export function namespaceExists(ctx: CatalogContext, namespace: readonly string[]): boolean {
  const key = namespaceKey(namespace);
  const params = { catalog: ctx.catalogName, key, prefix: `${key}.` };
  const inProperties = ctx.sql
    .get(
      'SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = :catalog AND (namespace = :key OR substr(namespace, 1, length(:prefix)) = :prefix) LIMIT 1',
    )
    .get(params);
  if (inProperties !== undefined) return true;
  const inTables = ctx.sql
    .get(
      'SELECT 1 FROM iceberg_tables WHERE catalog_name = :catalog AND (table_namespace = :key OR substr(table_namespace, 1, length(:prefix)) = :prefix) LIMIT 1',
    )
    .get(params);
  return inTables !== undefined;
}

/** True when the namespace itself has property rows or tables (not only children). */
function namespaceHasOwnRows(ctx: CatalogContext, key: string): boolean {
  const row = ctx.sql
    .get(
      `SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = :catalog AND namespace = :key
       UNION ALL SELECT 1 FROM iceberg_tables WHERE catalog_name = :catalog AND table_namespace = :key LIMIT 1`,
    )
    .get({ catalog: ctx.catalogName, key });
  return row !== undefined;
}

/**
 * Creates a namespace; without properties it gets `exists = 'true'` as pyiceberg writes it.
 * A parent that exists only through its children may still be created with its own properties.
 */
export function createNamespace(
  ctx: CatalogContext,
  namespace: readonly string[],
  properties: Readonly<Record<string, string>> = {},
): void {
  assertStorable({ namespace });
  const key = namespaceKey(namespace);
  ctx.sql.immediate(() => {
    if (namespaceHasOwnRows(ctx, key)) throw CatalogErrors.namespaceExists(key, ctx.catalogName);
    const entries = Object.entries(properties);
    insertProperties(ctx, key, entries.length > 0 ? entries : Object.entries(MINIMAL_PROPERTIES));
  });
}

/** Creates the namespace unless it exists; ldp's layers come into being with their first table. */
export function ensureNamespace(ctx: CatalogContext, namespace: readonly string[]): void {
  const key = namespaceKey(namespace);
  ctx.sql.immediate(() => {
    if (!namespaceHasOwnRows(ctx, key)) insertProperties(ctx, key, Object.entries(MINIMAL_PROPERTIES));
  });
}

/** The namespace's properties; throws when it does not exist. */
export function loadNamespaceProperties(
  ctx: CatalogContext,
  namespace: readonly string[],
): Record<string, string> {
  const key = namespaceKey(namespace);
  if (!namespaceExists(ctx, namespace)) throw CatalogErrors.namespaceMissing(key, ctx.catalogName);
  const rows = ctx.sql
    .get(
      'SELECT property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ? ORDER BY property_key',
    )
    .all(ctx.catalogName, key) as { property_key: string; property_value: string }[];
  return Object.fromEntries(rows.map((row) => [row.property_key, row.property_value]));
}

/**
 * Sets and removes properties in one transaction. Removing the last property keeps the
 * namespace (with `exists = 'true'`): a namespace only disappears through `dropNamespace`.
 */
export function updateNamespaceProperties(
  ctx: CatalogContext,
  namespace: readonly string[],
  change: PropertiesUpdate,
): PropertiesUpdateSummary {
  const key = namespaceKey(namespace);
  const updates = Object.entries(change.updates ?? {});
  const removals = [...new Set(change.removals ?? [])];
  const overlap = removals.filter((name) => Object.hasOwn(change.updates ?? {}, name));
  if (overlap.length > 0) throw CatalogErrors.propertyConflict(key, overlap);
  return ctx.sql.immediate(() => {
    const current = loadNamespaceProperties(ctx, namespace);
    const removed = removals.filter((name) => Object.hasOwn(current, name));
    const remove = ctx.sql.get(
      'DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ? AND property_key = ?',
    );
    for (const name of removed) remove.run(ctx.catalogName, key, name);
    insertProperties(ctx, key, updates);
    if (Object.keys(current).length - removed.length + updates.length === 0) {
      insertProperties(ctx, key, Object.entries(MINIMAL_PROPERTIES));
    }
    return {
      updated: updates.map(([name]) => name).sort(),
      removed: removed.sort(),
      missing: removals.filter((name) => !Object.hasOwn(current, name)).sort(),
    };
  });
}

/** The namespaces one level below `parent` (top-level ones by default), as pyiceberg lists them. */
export function listNamespaces(ctx: CatalogContext, parent: readonly string[] = []): string[][] {
  if (parent.length > 0 && !namespaceExists(ctx, parent)) {
    throw CatalogErrors.namespaceMissing(namespaceKey(parent), ctx.catalogName);
  }
  const depth = parent.length + 1;
  const children = new Map<string, string[]>();
  for (const levels of listAllNamespaces(ctx)) {
    if (levels.length < depth || parent.some((level, i) => levels[i] !== level)) continue;
    const child = levels.slice(0, depth);
    children.set(child.join('.'), child);
  }
  return [...children.values()].sort(compareLevels);
}

/** Every namespace that has properties or tables, at full depth, sorted. */
export function listAllNamespaces(ctx: CatalogContext): string[][] {
  const rows = ctx.sql
    .get(
      `SELECT namespace FROM iceberg_namespace_properties WHERE catalog_name = :catalog
       UNION SELECT table_namespace FROM iceberg_tables WHERE catalog_name = :catalog`,
    )
    .all({ catalog: ctx.catalogName }) as { namespace: string }[];
  return rows.map((row) => splitNamespace(row.namespace)).sort(compareLevels);
}

/** Drops an empty namespace (no tables, no views); its child namespaces are not touched. */
export function dropNamespace(ctx: CatalogContext, namespace: readonly string[]): void {
  const key = namespaceKey(namespace);
  ctx.sql.immediate(() => {
    if (!namespaceHasOwnRows(ctx, key)) throw CatalogErrors.namespaceMissing(key, ctx.catalogName);
    const members = ctx.sql
      .get(
        `SELECT table_name AS name FROM iceberg_tables WHERE catalog_name = :catalog AND table_namespace = :key
         UNION SELECT name || ' (view)' FROM ldp_views WHERE catalog_name = :catalog AND namespace = :key
         ORDER BY 1 LIMIT 6`,
      )
      .all({ catalog: ctx.catalogName, key }) as { name: string }[];
    if (members.length > 0) {
      throw CatalogErrors.namespaceNotEmpty(
        key,
        members
          .slice(0, 5)
          .map((m) => m.name)
          .concat(members.length > 5 ? ['…'] : []),
      );
    }
    ctx.sql
      .get('DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?')
      .run(ctx.catalogName, key);
  });
}

function insertProperties(
  ctx: CatalogContext,
  key: string,
  entries: readonly (readonly [string, string])[],
): void {
  const upsert = ctx.sql.get(
    `INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value)
     VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET property_value = excluded.property_value`,
  );
  for (const [name, value] of entries) upsert.run(ctx.catalogName, key, name, value);
}

function compareLevels(a: readonly string[], b: readonly string[]): number {
  const x = a.join('.');
  const y = b.join('.');
  return x < y ? -1 : x > y ? 1 : 0;
}
