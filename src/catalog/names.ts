import type { TableIdentifier } from '../model/iceberg-catalog-port.js';
import { storableNameProblem } from '../sql/index.js';
import { CatalogErrors } from './catalog-errors.js';

/**
 * The catalog row's namespace: levels joined with `.`, as the JDBC catalog and pyiceberg do.
 * A level containing a dot could not be split back, so it is refused. Lookups use this lenient
 * rule, so a row another tool wrote (say with a `/` in its name) can still be read or dropped.
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

/**
 * Checks a name about to be written (a new table, view, namespace or rename target) against
 * the one rule of storable names (src/sql): a failed registration must never leave a row that
 * every later run trips over.
 */
export function assertStorable(id: { readonly namespace: readonly string[]; readonly name?: string }): void {
  for (const level of id.namespace) {
    const problem = storableNameProblem(level);
    if (problem) throw CatalogErrors.invalidName('namespace level', level, problem);
  }
  if (id.name === undefined) return;
  const problem = storableNameProblem(id.name);
  if (problem) throw CatalogErrors.invalidName('name', id.name, problem);
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
