import type { LdpError } from '../errors/index.js';

/** What exists in the warehouse before a run, read once from the catalog (DESIGN: plan is pure). */
export interface WarehouseRelation {
  readonly kind: 'table' | 'view';
  readonly namespace: string;
  readonly name: string;
  /** Current Iceberg snapshot id (tables only), as a string: ids may exceed 2^53. */
  readonly snapshotId?: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** The model that owns the table (table property `ldp.model`), if ldp wrote it. */
  readonly ownerModel?: string;
  /**
   * Why the table cannot be read (its current metadata file is missing or damaged): it exists,
   * but its columns and snapshot are unknown, and only the steps that read it fail.
   */
  readonly unreadable?: LdpError;
}

export interface WarehouseState {
  /** Keyed by `namespace.name`, lower-cased (DuckDB and Iceberg names are case-insensitive here). */
  readonly relations: ReadonlyMap<string, WarehouseRelation>;
}

export function relationKey(namespace: string, name: string): string {
  return `${namespace}.${name}`.toLowerCase();
}

/** The key of a model's relation: its database (when set) and schema are the namespace. */
export function relationKeyOf(relation: {
  readonly database?: string;
  readonly schema: string;
  readonly identifier: string;
}): string {
  const namespace = relation.database ? `${relation.database}.${relation.schema}` : relation.schema;
  return relationKey(namespace, relation.identifier);
}
