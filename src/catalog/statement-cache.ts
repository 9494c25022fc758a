import type Database from 'better-sqlite3';

/**
 * Prepared statements of one connection, compiled once and reused: the catalog runs the same
 * few dozen statements many times per run, and preparing is the costly part of a small query.
 */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  /** The prepared statement for `sql`, compiled on first use. */
  get(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  /** Runs `body` in a `BEGIN IMMEDIATE` transaction, so it waits for other writers up front. */
  immediate<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }
}
