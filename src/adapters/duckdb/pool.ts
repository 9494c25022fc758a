import type { DuckDBConnection } from '@duckdb/node-api';
import { InternalError, LdpError } from '../../errors/index.js';
import { DuckDBInstance } from '../../util/duckdb-node-api.js';

export interface DuckDbPoolOptions {
  /** Database file; default `:memory:` (ldp keeps data in Iceberg, DuckDB is only the engine). */
  readonly path?: string;
  /** DuckDB worker threads, and the number of connections in the pool. Default 4. */
  readonly threads?: number;
  /** Connections, when they should differ from `threads`. */
  readonly connections?: number;
  /** Further DuckDB settings given at start-up (`memory_limit`, `temp_directory` …). */
  readonly settings?: Readonly<Record<string, string>>;
}

/**
 * DuckDB 1.5's top-N window optimizer fails with an internal error ("Failed to cast expression to
 * type") on the common dedup pattern `WHERE x BETWEEN … QUALIFY row_number() OVER (… ORDER BY x) = 1`;
 * it is off unless a target's settings turn it back on.
 */
export const SAFE_DEFAULTS: Readonly<Record<string, string>> = {
  disabled_optimizers: 'top_n_window_elimination',
};

/**
 * One DuckDB instance and a fixed set of connections, each used by one task at a time. Every
 * connection runs in UTC, so `TIMESTAMPTZ` values and casts never depend on the machine's zone.
 */
export class DuckDbPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: { resolve: (conn: DuckDBConnection) => void; reject: (e: Error) => void }[] = [];
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly all: readonly DuckDBConnection[],
  ) {
    this.idle = [...all];
  }

  /** Opens the instance and its connections. */
  static async create(options: DuckDbPoolOptions = {}): Promise<DuckDbPool> {
    const threads = Math.max(1, Math.floor(options.threads ?? 4));
    const size = Math.max(1, Math.floor(options.connections ?? threads));
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', {
      ...SAFE_DEFAULTS,
      ...options.settings,
      threads: String(threads),
    }).catch((error: unknown) => {
      throw settingsError(error, options.settings) ?? error;
    });
    const connections: DuckDBConnection[] = [];
    try {
      for (let i = 0; i < size; i++) {
        const conn = await instance.connect();
        connections.push(conn);
        // TimeZone needs ICU, which loads once a connection exists; it cannot be a start-up option.
        await conn.run("SET TimeZone = 'UTC'");
      }
    } catch (error) {
      for (const conn of connections) conn.closeSync();
      instance.closeSync();
      throw error;
    }
    return new DuckDbPool(instance, connections);
  }

  /** Number of connections in the pool. */
  get size(): number {
    return this.all.length;
  }

  /** A connection for the caller alone; waits while all are in use. Give it back with `release`. */
  acquire(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new InternalError('DuckDB pool used after close()'));
    const conn = this.idle.pop();
    if (conn) return Promise.resolve(conn);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Returns a connection from `acquire` to the pool (or to the longest waiting caller). */
  release(conn: DuckDBConnection): void {
    if (!this.all.includes(conn)) throw new InternalError('released a connection this pool does not own');
    if (this.idle.includes(conn)) throw new InternalError('released a DuckDB connection twice');
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) next.resolve(conn);
    else this.idle.push(conn);
  }

  /** Runs `fn` with a connection of its own and always gives the connection back. */
  async withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.acquire();
    try {
      return await fn(conn);
    } finally {
      this.release(conn);
    }
  }

  /** Closes every connection and the instance; callers still waiting for a connection are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) {
      waiter.reject(new InternalError('DuckDB pool closed while a task waited for a connection'));
    }
    for (const conn of this.all) conn.closeSync();
    this.instance.closeSync();
  }
}

/**
 * DuckDB refuses to start when a setting is unknown, has a bad value or belongs to an extension it
 * cannot load (ldp ships only parquet, json and icu, and installs none): that is the target's
 * `settings:`, not a bug, so it is said as such. Undefined when no settings were given.
 */
function settingsError(
  error: unknown,
  settings: Readonly<Record<string, string>> | undefined,
): LdpError | undefined {
  const names = Object.keys(settings ?? {});
  if (names.length === 0) return undefined;
  const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return new LdpError(
    {
      code: 'LDP409',
      message: `DuckDB cannot start with the target's settings (${names.join(', ')}): ${detail}`,
      hint: "Check the target's `settings:` in profiles.yml: each key must be a DuckDB setting with a valid value. Settings of extensions other than parquet, json and icu (such as httpfs's s3_* keys) cannot be used: ldp runs DuckDB without installing extensions.",
    },
    { cause: error },
  );
}
