import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { withoutTrailingSemicolons } from '../../adapters/duckdb/index.js';
import { LdpError } from '../../errors/index.js';
import type { Reporter } from '../../model/reporter.js';
import { quoteLiteral } from '../../sql/index.js';
import { InspectErrors } from '../errors/inspect-errors.js';

/** `table`: a table in the terminal; `csv` / `json` (an array of row objects): DuckDB's writers. */
export type ShowFormat = 'table' | 'csv' | 'json';

export interface ShowOutputOptions {
  readonly format: ShowFormat;
  /** Rows to show; 0 = every row (csv and json only). */
  readonly limit: number;
  /** csv/json: DuckDB writes the rows to this file. */
  readonly outputFile?: string;
  /** csv/json of every row without a file: the rows stream here (the CLI passes stdout). */
  readonly stream?: NodeJS.WritableStream;
  readonly reporter: Reporter;
  /** How errors name what was shown. */
  readonly label: string;
}

export interface ShownRows {
  readonly columns: readonly string[];
  /** The rows, for table output (values as JSON: big numbers and decimals as exact strings). */
  readonly rows: readonly (readonly Json[])[];
  readonly rowCount: number;
  readonly outputFile?: string;
}

/**
 * Runs `sql` with the limit and hands the rows to the output. Only table output brings rows
 * into JavaScript (at most `limit`); csv and json are written by DuckDB's own COPY writers.
 */
export async function showRows(
  conn: DuckDBConnection,
  sql: string,
  options: ShowOutputOptions,
): Promise<ShownRows> {
  const body = await withoutTrailingSemicolons(conn, sql);
  const limited = options.limit > 0 ? `SELECT * FROM (\n${body}\n) LIMIT ${options.limit}` : body;
  if (options.format === 'table') {
    const reader = await guarded(options.label, () => conn.runAndReadAll(limited));
    const shown = {
      columns: reader.columnNames(),
      rows: reader.getRowsJson(),
      rowCount: reader.currentRowCount,
    };
    options.reporter.report({ kind: 'table', columns: shown.columns, rows: shown.rows });
    return shown;
  }
  const columns = await guarded(options.label, () => columnNames(conn, limited));
  if (options.outputFile !== undefined) {
    const path = resolve(options.outputFile);
    const rowCount = await copyTo(conn, limited, options, path);
    options.reporter.report({ kind: 'info', message: `Wrote ${rowCount} rows to ${path}` });
    return { columns, rows: [], rowCount, outputFile: path };
  }
  return { columns, rows: [], rowCount: await copyThroughTempFile(conn, limited, options) };
}

/** Without a file: small (limited) outputs become one report event; all rows stream to `stream`. */
async function copyThroughTempFile(
  conn: DuckDBConnection,
  sql: string,
  options: ShowOutputOptions,
): Promise<number> {
  if (options.limit === 0 && !options.stream) {
    throw InspectErrors.invalidOption(
      'showing every row needs a file to write to',
      'Pass an output file (--output-file), or a limit.',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'ldp-show-'));
  try {
    const path = join(dir, `rows.${options.format}`);
    const rowCount = await copyTo(conn, sql, options, path);
    if (options.limit === 0 && options.stream) {
      await pipeline(createReadStream(path), options.stream, { end: false });
    } else {
      options.reporter.report({ kind: 'output', text: readFileSync(path, 'utf8') });
    }
    return rowCount;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function copyTo(
  conn: DuckDBConnection,
  sql: string,
  options: ShowOutputOptions,
  path: string,
): Promise<number> {
  const format = options.format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT json, ARRAY true';
  const reader = await guarded(options.label, () =>
    conn.runAndReadAll(`COPY (\n${sql}\n) TO ${quoteLiteral(path)} (${format})`),
  );
  return Number(reader.getRowsJson()[0]?.[0] ?? 0);
}

async function columnNames(conn: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM (\n${sql}\n)`);
  return reader.getRowObjectsJson().map((row) => String(row['column_name']));
}

/** DuckDB's errors (bad SQL, a file that cannot be written) become user errors naming the query. */
async function guarded<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof LdpError) throw error;
    throw InspectErrors.queryFailed(
      `showing ${label}`,
      error instanceof Error ? error.message : String(error),
    );
  }
}
