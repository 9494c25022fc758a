import type { StatementCache } from './statement-cache.js';

/** What every catalog repository function needs: the connection and how this file is laid out. */
export interface CatalogContext {
  readonly sql: StatementCache;
  /** `catalog_name` of the Iceberg rows ldp reads and writes. */
  readonly catalogName: string;
  /** False for catalogs from older pyiceberg releases, whose `iceberg_tables` has no `iceberg_type`. */
  readonly hasTypeColumn: boolean;
  /** Timestamps written into ldp's tables. */
  readonly now: () => Date;
}

/**
 * SQL condition keeping table rows only: Java's JDBC catalog (schema V1) also stores views in
 * `iceberg_tables` with `iceberg_type = 'VIEW'`, and readers treat NULL as a table.
 */
export function tableRowsOnly(ctx: CatalogContext): string {
  return ctx.hasTypeColumn ? "(iceberg_type IS NULL OR iceberg_type = 'TABLE')" : '1 = 1';
}
