import type { TableIdentifier } from '../model/iceberg-catalog-port.js';
import { CatalogErrors } from './catalog-errors.js';

/**
 * The catalog row's namespace: levels joined with `.`, as the JDBC catalog and pyiceberg do.
 * A level containing a dot could not be split back, so it is refused.
 */
export function namespaceKey(namespace: readonly string[]): string {
  if (namespace.length === 0) throw CatalogErrors.invalidName('namespace', '', 'it has no level');
  for (const level of namespace) {
    if (level.length === 0 || level.includes('.')) {
      throw CatalogErrors.invalidName('namespace level', level, level ? 'it contains a dot' : 'it is empty');
    }
  }
  return namespace.join('.');
}

/** The levels of a namespace as stored in a catalog row. */
export function splitNamespace(key: string): string[] {
  return key.split('.');
}

/** Validates a table or view name. */
export function objectName(name: string): string {
  if (name.length === 0) throw CatalogErrors.invalidName('name', name, 'it is empty');
  if (name.includes('.')) throw CatalogErrors.invalidName('name', name, 'it contains a dot');
  return name;
}

/** `namespace.name`, for messages. */
export function tableLabel(id: TableIdentifier): string {
  return `${id.namespace.join('.')}.${id.name}`;
}
