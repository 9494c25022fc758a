import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../../../sql/index.js';

/**
 * Temporary tables and views of one connection for one step: a table runs its query once for
 * several readers, a view names a query that stays cheap to read again (e.g. Parquet files).
 * `dropAll` (in a `finally`) removes them so a pooled connection is left clean.
 */
export class TempTables {
  private readonly created: { name: string; kind: 'TABLE' | 'VIEW' }[] = [];
  private readonly prefix = `__ldp_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

  constructor(private readonly conn: DuckDBConnection) {}

  /** Runs `sql` into a new temporary table (or defines a view) and returns its quoted name. */
  async create(label: string, sql: string, kind: 'TABLE' | 'VIEW' = 'TABLE'): Promise<string> {
    const name = quoteIdentifier(`${this.prefix}_${label}`);
    await this.conn.run(`CREATE TEMP ${kind} ${name} AS ${sql}`);
    this.created.push({ name, kind });
    return name;
  }

  async dropAll(): Promise<void> {
    for (const { name, kind } of this.created.splice(0).reverse())
      await this.conn.run(`DROP ${kind} IF EXISTS ${name}`);
  }
}
