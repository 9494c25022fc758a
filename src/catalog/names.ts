import type { TableIdentifier } from '../model/iceberg-catalog-port.js';
import { storableNameProblem } from '../sql/index.js';
import { CatalogErrors } from './catalog-errors.js';

/**
 * The catalog row's namespace: levels joined with `.`, as the JDBC catalog and pyiceberg do.
 * A level must be a storable name (src/sql): one with a dot could not be split back.
 */
export function namespaceKey(namespace: readonly string[]): string {
  if (namespace.length === 0) throw CatalogErrors.invalidName('namespace', '', 'it has no level');
  for (const level of namespace) {
    const problem = storableNameProblem(level);
    if (problem) throw CatalogErrors.invalidName('namespace level', level, problem);
  }
  return namespace.join('.');
}

/** The levels of a namespace as stored in a catalog row. */
export function splitNamespace(key: string): string[] {
  return key.split('.');
}

/** Validates a table or view name. */
export function objectName(name: string): string {
  const problem = storableNameProblem(name);
  if (problem) throw CatalogErrors.invalidName('name', name, problem);
  return name;
}

/** `namespace.name`, for messages. */
export function tableLabel(id: TableIdentifier): string {
  return `${id.namespace.join('.')}.${id.name}`;
}
