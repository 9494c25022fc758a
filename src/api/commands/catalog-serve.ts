import { silentReporter } from '../../model/reporter.js';
import { type RestCatalogServer, serveRestCatalog } from '../../servers/rest-catalog/index.js';
import { MetadataErrors } from '../errors/metadata-errors.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { openWarehouseCatalog } from '../warehouse/lakehouse.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';

export interface CatalogServeOptions extends ProjectOptions {
  /** Default 8181; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1; another address needs `token`. */
  readonly host?: string;
  /** Bearer token clients must send. */
  readonly token?: string;
  /** Refuse every change (403); the catalog is opened read-only. */
  readonly readOnly?: boolean;
}

/**
 * `ldp catalog serve`: the target's warehouse as an Iceberg REST catalog
 * (src/servers/rest-catalog). Other engines' commits go through the same compare-and-swap as
 * ldp's; the caller stops the server with `close()`, which also closes the catalog.
 */
export async function catalogServe(options: CatalogServeOptions): Promise<RestCatalogServer> {
  const project = await loadProjectOnly(options);
  const reporter = options.reporter ?? silentReporter;
  const catalog = options.readOnly
    ? openCatalogIfBuilt(project.target)
    : openWarehouseCatalog(project.target);
  if (!catalog) throw MetadataErrors.noWarehouse(project.target.catalogPath);
  let server: RestCatalogServer;
  try {
    server = await serveRestCatalog({
      catalog,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
      readOnly: options.readOnly ?? false,
      onServerError: (error) =>
        reporter.report({
          kind: 'info',
          message: `catalog request failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
    });
  } catch (error) {
    catalog.close();
    throw error;
  }
  reporter.report({
    kind: 'info',
    message: `Serving catalog '${catalog.catalogName}' (${catalog.warehousePath}) as an Iceberg REST catalog at ${server.url}${options.readOnly ? ', read-only' : ''}${options.token !== undefined ? ', bearer token required' : ''} (Ctrl-C to stop)`,
  });
  return { ...server, close: () => server.close().finally(() => catalog.close()) };
}
