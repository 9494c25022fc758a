import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../errors/index.js';
import { DuckDBInstance } from '../util/duckdb-node-api.js';
import { tripsSql } from './trip-sql.js';
import { zoneLookupCsv } from './zone-lookup.js';

/** Rows in the real `yellow_tripdata_2023-01.parquet`. */
export const JAN_2023_ROWS = 3_066_766;

export interface GenerateTaxiDataOptions {
  /** Folder for the Parquet files and the zone lookup; created when missing. */
  readonly outDir: string;
  /** Months as `YYYY-MM`, one Parquet file each. */
  readonly months: readonly string[];
  /** Rows per month file; default `JAN_2023_ROWS × scale`. */
  readonly rowsPerMonth?: number;
  /** Fraction of the real January 2023 volume used when `rowsPerMonth` is not given (default 1). */
  readonly scale?: number;
  /** Same seed and arguments → the same rows. Default 2023. */
  readonly seed?: number;
  /** Run on this connection instead of a private in-memory DuckDB. */
  readonly connection?: DuckDBConnection;
}

export interface GeneratedTaxiFile {
  readonly month: string;
  readonly path: string;
  readonly rows: number;
}

export interface GeneratedTaxiData {
  readonly files: readonly GeneratedTaxiFile[];
  readonly zonesPath: string;
}

/**
 * Writes `<outDir>/yellow_tripdata_<YYYY-MM>.parquet` per month with the exact 2023 TLC schema and
 * realistic, deterministic content (generated inside DuckDB), plus `<outDir>/taxi_zone_lookup.csv`.
 * Each file is written under a temporary name and renamed, so a reader never sees half a file.
 */
export async function generateTaxiData(options: GenerateTaxiDataOptions): Promise<GeneratedTaxiData> {
  const { rows, seed } = checkTaxiDataOptions(options);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const files = await withConnection(options.connection, async (conn) => {
    const written: GeneratedTaxiFile[] = [];
    for (const month of options.months) {
      const path = join(outDir, `yellow_tripdata_${month}.parquet`);
      await writeParquet(conn, tripsSql({ month, rows, seed }), path);
      written.push({ month, path, rows });
    }
    return written;
  });
  const zonesPath = join(outDir, 'taxi_zone_lookup.csv');
  writeFileSync(zonesPath, zoneLookupCsv());
  return { files, zonesPath };
}

/** Checks months, rows, scale and seed (LdpError LDP910) and returns the rows per month and seed. */
export function checkTaxiDataOptions(options: Omit<GenerateTaxiDataOptions, 'outDir'>): {
  rows: number;
  seed: number;
} {
  const rows = rowCount(options);
  const seed = options.seed ?? 2023;
  checkInteger('seed', seed, 0, 2 ** 31 - 1);
  options.months.forEach(checkMonth);
  return { rows, seed };
}

async function writeParquet(conn: DuckDBConnection, sql: string, path: string): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await conn.run(`COPY (${sql}) TO '${partial.replaceAll("'", "''")}' (FORMAT parquet)`);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
}

async function withConnection<T>(
  given: DuckDBConnection | undefined,
  fn: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  if (given) return fn(given);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function rowCount(options: Omit<GenerateTaxiDataOptions, 'outDir'>): number {
  if (options.rowsPerMonth !== undefined) {
    checkInteger('rowsPerMonth', options.rowsPerMonth, 1, 1e10);
    return options.rowsPerMonth;
  }
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new LdpError({
      code: 'LDP910',
      message: `scale must be a positive number, got ${scale}`,
      hint: 'Use e.g. 0.01 for 1% of the real January 2023 volume, or give rowsPerMonth.',
    });
  }
  return Math.max(1, Math.round(JAN_2023_ROWS * scale));
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LdpError({
      code: 'LDP910',
      message: `${name} must be a whole number from ${min} to ${max}, got ${value}`,
      hint: `Pass ${name} as an integer, e.g. ${name === 'seed' ? '42' : '50000'}.`,
    });
  }
}

function checkMonth(month: string): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new LdpError({
      code: 'LDP910',
      message: `month '${month}' is not of the form YYYY-MM`,
      hint: 'Write months like 2023-01 (the TLC file names use this form).',
    });
  }
}
