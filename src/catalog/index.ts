export { LATEST_VERSION, MIGRATIONS } from './migrations.js';
export {
  DEFAULT_CATALOG_NAME,
  type OpenCatalogOptions,
  openCatalog,
  SqliteCatalog,
} from './sqlite-catalog.js';
