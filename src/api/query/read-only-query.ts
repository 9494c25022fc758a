import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { LdpError } from '../../errors/index.js';
import { MetadataErrors } from '../errors/metadata-errors.js';
import type { ProjectOptions } from '../session/options.js';
import { parse } from '../session/parse.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';
import { withLockedQuerySession } from './locked-session.js';
import { QueryErrors } from './query-errors.js';
import { requireSingleSelect } from './single-select.js';

export interface ReadOnlyQueryOptions extends ProjectOptions {
  /** One DuckDB SELECT over the warehouse: tables and views as `"namespace"."name"`, sources too. */
  readonly sql: string;
  /** Rows to return at most (default 100, at most 10,000). */
  readonly limit?: number;
  /** Stop the query after this many milliseconds (default 30,000). */
  readonly timeoutMs?: number;
}

export interface ReadOnlyQueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Values as JSON: big numbers and decimals as exact strings. */
  readonly rows: readonly (readonly Json[])[];
  /** True when the query had more rows than `limit`. */
  readonly truncated: boolean;
}

export const QUERY_LIMITS = { defaultRows: 100, maxRows: 10_000, defaultTimeoutMs: 30_000 } as const;

/**
 * Runs one SELECT over the lakehouse and returns at most `limit` rows. Read-only by
 * construction: DuckDB's parser must read the text as a single SELECT, and the session it runs
 * in is in memory, sees the warehouse only as views over its files, and is locked against
 * settings and files outside the warehouse and the sources (`withLockedQuerySession`). Reads
 * the catalog read-only and takes no lock.
 */
export async function readOnlyQuery(options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult> {
  const limit = options.limit ?? QUERY_LIMITS.defaultRows;
  const timeoutMs = options.timeoutMs ?? QUERY_LIMITS.defaultTimeoutMs;
  checkLimits(limit, timeoutMs);
  const parsed = await parse(options);
  const catalog = openCatalogIfBuilt(parsed.project.target);
  if (!catalog) throw MetadataErrors.noWarehouse(parsed.project.target.catalogPath);
  try {
    return await withLockedQuerySession(parsed, catalog, async (conn) => {
      await requireSingleSelect(conn, options.sql);
      return await withTimeout(conn, timeoutMs, () => firstRows(conn, options.sql, limit));
    });
  } finally {
    catalog.close();
  }
}

/** Reads the result chunk by chunk and stops once it has one row more than `limit`. */
async function firstRows(conn: DuckDBConnection, sql: string, limit: number): Promise<ReadOnlyQueryResult> {
  const reader = await conn.streamAndReadUntil(sql, limit + 1);
  const types = reader.columnTypes();
  return {
    columns: reader.columnNames().map((name, i) => ({ name, type: types[i]!.toString() })),
    rows: reader.getRowsJson().slice(0, limit),
    truncated: reader.currentRowCount > limit,
  };
}

/**
 * DuckDB's interrupt stops the running query; its error then becomes a timeout. DuckDB clears
 * the interrupt when a query starts, so one that arrives while the query is still being
 * prepared would be lost: the interrupt repeats until the query has stopped.
 */
async function withTimeout<T>(conn: DuckDBConnection, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  let timedOut = false;
  let repeat: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.interrupt();
    repeat = setInterval(() => conn.interrupt(), INTERRUPT_REPEAT_MS);
  }, timeoutMs);
  try {
    return await fn();
  } catch (error) {
    if (error instanceof LdpError) throw error;
    if (timedOut) throw QueryErrors.timedOut(timeoutMs);
    throw QueryErrors.failed(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
    clearInterval(repeat);
  }
}

const INTERRUPT_REPEAT_MS = 100;

function checkLimits(limit: number, timeoutMs: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > QUERY_LIMITS.maxRows)
    throw QueryErrors.invalidOption(
      `the row limit must be a whole number from 1 to ${QUERY_LIMITS.maxRows}, got ${limit}`,
      'Ask for fewer rows, or aggregate in SQL.',
    );
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw QueryErrors.invalidOption(
      `the timeout must be a positive number of milliseconds, got ${timeoutMs}`,
      'Use e.g. 30000 for 30 seconds.',
    );
}
