import type { CatalogView, TableIdentifier } from '../../../model/iceberg-catalog-port.js';
import { relationKey } from '../../../model/warehouse-state.js';
import { namesIn } from './names-in.js';

/** What a command reads from the warehouse: the relation names its SQL uses. */
export interface WarehouseReads {
  /** Lower-cased names (identifiers) the command's SQL uses; see `namesIn`. */
  readonly names: ReadonlySet<string>;
  /**
   * Relation keys the command itself creates before anything reads them (its `view` steps):
   * not attached for their own sake, only when a stored view that is attached reads them.
   */
  readonly createdFirst?: ReadonlySet<string>;
  /**
   * Relation keys the session already has, or that the command's own steps create or rebuild:
   * never attached, nor followed into what they read (`attachNamedIn`, after the steps started).
   */
  readonly present?: ReadonlySet<string>;
  /**
   * Relation keys of the command's `view` steps that nothing the command does can change (the
   * stored SQL, nothing rebuilt above them): attached up front, and their steps keep them.
   */
  readonly unchanged?: ReadonlySet<string>;
  /** Relation keys the command's steps create or rebuild: their steps show them, never `attachNamedIn`. */
  readonly written?: ReadonlySet<string>;
  /**
   * Relation keys of tables the command rebuilds before anything it runs reads them (each reader
   * waits for the step that writes it, which shows the new table): attached only when a stored
   * view that is attached reads them.
   */
  readonly shownByWriter?: ReadonlySet<string>;
}

/** The tables and views to make queryable, views in dependency order (each after what it reads). */
export interface AttachPlan {
  readonly tables: readonly TableIdentifier[];
  readonly views: readonly CatalogView[];
}

/**
 * Stored views by lower-cased name. A command that reads a few views of a large warehouse looks
 * up only the names its SQL uses (and what those views read), never every view's SQL.
 */
export interface StoredViews {
  named(name: string): readonly CatalogView[];
}

/** Stored views from a list already in memory. */
export function storedViewsIn(views: readonly CatalogView[]): StoredViews {
  const byName = indexByName(views);
  return { named: (name) => byName.get(name) ?? [] };
}

/**
 * The tables and views a command needs: those its SQL names, and, through the SQL of each stored
 * view among them, what those read, transitively. Without `reads`, everything. Views come in
 * dependency order, each once, so every view is created after the views it reads. Only the
 * views reached are looked up in `views` and have their SQL read.
 */
export function planWarehouseAttach(
  tables: readonly TableIdentifier[],
  views: readonly CatalogView[] | StoredViews,
  reads?: WarehouseReads,
): AttachPlan {
  const viewNames = namesOfViews();
  const list = Array.isArray(views) ? (views as readonly CatalogView[]) : undefined;
  if (!reads) {
    // Everything: only a list can say what everything is.
    if (!list) throw new Error('planWarehouseAttach: attaching every view needs the list of views');
    return { tables, views: inDependencyOrder(list, viewNames) };
  }
  const stored = list ? storedViewsIn(list) : (views as StoredViews);
  const needed = new Set<CatalogView>();
  const names = new Set<string>();
  const followed = new Set<string>();
  const need = (view: CatalogView): void => {
    if (needed.has(view) || reads.present?.has(keyOf(view))) return;
    needed.add(view);
    for (const read of viewNames(view)) follow(read);
  };
  const follow = (name: string): void => {
    if (followed.has(name)) return;
    followed.add(name);
    for (const view of stored.named(name)) need(view);
  };
  for (const name of reads.names) {
    names.add(name);
    for (const view of stored.named(name)) if (!reads.createdFirst?.has(keyOf(view))) need(view);
  }
  const wanted = (id: TableIdentifier): boolean => {
    const name = id.name.toLowerCase();
    // Named by the command itself: unless its writer shows it first. Read by an attached view: always.
    return (names.has(name) && !reads.shownByWriter?.has(keyOf(id))) || followed.has(name);
  };
  return {
    tables: tables.filter((id) => wanted(id) && !reads.present?.has(keyOf(id))),
    views: inDependencyOrder([...needed], viewNames),
  };
}

/** The names in each view's SQL, read once per view and only when asked. */
function namesOfViews(): (view: CatalogView) => ReadonlySet<string> {
  const known = new Map<CatalogView, ReadonlySet<string>>();
  return (view) => {
    let names = known.get(view);
    if (!names) {
      names = namesIn(view.sql);
      known.set(view, names);
    }
    return names;
  };
}

/** Views after the views they read (depth first); a cycle, which no DuckDB view can have, is cut. */
function inDependencyOrder(
  views: readonly CatalogView[],
  viewNames: (view: CatalogView) => ReadonlySet<string>,
): CatalogView[] {
  const byName = indexByName(views);
  const ordered: CatalogView[] = [];
  const seen = new Set<CatalogView>();
  const visit = (view: CatalogView): void => {
    if (seen.has(view)) return;
    seen.add(view);
    for (const name of viewNames(view)) {
      for (const upstream of byName.get(name) ?? []) if (upstream !== view) visit(upstream);
    }
    ordered.push(view);
  };
  for (const view of views) visit(view);
  return ordered;
}

function indexByName(views: readonly CatalogView[]): Map<string, CatalogView[]> {
  const byName = new Map<string, CatalogView[]>();
  for (const view of views) {
    const name = view.name.toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), view]);
  }
  return byName;
}

function keyOf(relation: TableIdentifier): string {
  return relationKey(relation.namespace.join('.'), relation.name);
}
