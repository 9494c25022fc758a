import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '../../../util/duckdb-node-api.js';
import { SAFE_DEFAULTS } from '../pool.js';

/**
 * The in-memory DuckDB database a command's unit tests run in, apart from the lakehouse: nothing
 * of the warehouse is ever attached to it. It opens at the first unit test (opening costs ~60 ms,
 * a connection well under 1 ms) and each test gets a new connection: temporary tables belong to
 * their connection, so tests running side by side never see each other's fixtures.
 */
export class UnitTestEngine {
  private instance: Promise<DuckDBInstance> | undefined;
  private closed = false;

  /** Runs `fn` on a fresh connection (in UTC), closed afterwards with everything it created. */
  async withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.instance ??= DuckDBInstance.create(':memory:', { ...SAFE_DEFAULTS, threads: '2' });
    const conn = await (await this.instance).connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  }

  /** Closes the database, when a unit test opened it. */
  async close(): Promise<void> {
    if (this.closed || !this.instance) return;
    this.closed = true;
    (await this.instance).closeSync();
  }
}
