import type { CatalogView, WarehouseCatalogPort } from '../../../model/iceberg-catalog-port.js';
import type { StoredViews } from './attach-plan.js';

/**
 * The catalog's stored views by lower-cased name: only their names are read up front, and a
 * view's SQL and columns are loaded the first time a name reaches it. A run of one model in a
 * warehouse of 1,000 views then reads the views it needs, not all of them.
 */
export function catalogViews(catalog: WarehouseCatalogPort): StoredViews {
  const ids = new Map<string, { namespace: readonly string[]; name: string }[]>();
  for (const id of catalog.listViewIds()) {
    const name = id.name.toLowerCase();
    ids.set(name, [...(ids.get(name) ?? []), id]);
  }
  const loaded = new Map<string, readonly CatalogView[]>();
  return {
    named(name) {
      let views = loaded.get(name);
      if (!views) {
        views = (ids.get(name) ?? []).flatMap((id) => {
          const view = catalog.loadView(id);
          return view ? [view] : [];
        });
        loaded.set(name, views);
      }
      return views;
    },
  };
}
