export {
  REST_ROUTES,
  type RestCatalogServer,
  type RestCatalogServerOptions,
  serveRestCatalog,
} from './serve-rest-catalog.js';
