import { toUri } from '../../iceberg/index.js';
import { RestErrors } from './rest-errors.js';
import type { Reply } from './route.js';
import { json, type Route } from './route.js';

/**
 * `GET /v1/config`: the catalog's name is the path prefix every other route takes, and the
 * endpoints list says exactly which routes this server offers. A `warehouse` query must name
 * this warehouse (its catalog name, path or file:// location).
 */
export function configReply(
  catalog: { readonly catalogName: string; readonly warehousePath: string },
  routes: readonly Route[],
  warehouse: string | null,
): Reply {
  const accepted = [catalog.catalogName, catalog.warehousePath, toUri(catalog.warehousePath)];
  if (warehouse && !accepted.includes(warehouse.replace(/\/+$/, '')))
    throw RestErrors.noSuchWarehouse(warehouse);
  return json({
    defaults: {},
    overrides: { prefix: catalog.catalogName },
    endpoints: routes.map((route) => `${route.method} /v1/{prefix}/${route.path}`),
  });
}
