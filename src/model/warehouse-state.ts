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
}

export interface WarehouseState {
  /** Keyed by `namespace.name`, lower-cased (DuckDB and Iceberg names are case-insensitive here). */
  readonly relations: ReadonlyMap<string, WarehouseRelation>;
}

export function relationKey(namespace: string, name: string): string {
  return `${namespace}.${name}`.toLowerCase();
}
