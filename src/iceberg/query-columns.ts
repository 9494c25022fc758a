import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString as literal, quoteIdentifier as quote } from '../sql/index.js';
import type { LiveFile } from './scan/live-files.js';
import type { Predicate } from './scan/pruning.js';
import { duckTypeOf } from './schema-mapping.js';
import type { Schema } from './types.js';
import { useUtc } from './write-data.js';

/** Files holding at least one row that matches `predicate`, found by DuckDB (one query over all files). */
export async function filesMatching(
  conn: DuckDBConnection,
  schema: Schema,
  files: readonly LiveFile[],
  predicate: string,
): Promise<LiveFile[]> {
  if (files.length === 0) return [];
  await useUtc(conn);
  const byPath = new Map(files.map((f) => [f.entry.dataFile.filePath.replace(/^file:\/\//, ''), f]));
  const mapping = schema.fields.map(
    (f) => `${f.id}: {name: ${literal(f.name)}, type: ${literal(duckTypeOf(f.type))}, default_value: NULL}`,
  );
  const list = [...byPath.keys()].map(literal).join(', ');
  const reader = await conn.runAndReadAll(
    `SELECT DISTINCT filename FROM read_parquet([${list}], schema = MAP {${mapping.join(', ')}}, filename = true) WHERE coalesce((\n${predicate}\n), false)`,
  );
  return reader
    .getRowObjectsJson()
    .map((row) => byPath.get(String(row['filename']))!)
    .filter(Boolean);
}

/** Casts that turn the query's columns into the table's column types (TINYINT → INTEGER, INTEGER → BIGINT…). */
export function castsTo(
  schema: Schema,
  columns: readonly { name: string; type: string }[],
): Map<string, string> {
  const casts = new Map<string, string>();
  for (const column of columns) {
    const field = schema.fields.find((f) => f.name.toLowerCase() === column.name.toLowerCase());
    if (!field) continue;
    const wanted = duckTypeOf(field.type);
    if (wanted.replace(/\s/g, '') !== column.type.replace(/\s/g, '')) casts.set(field.name, wanted);
  }
  return casts;
}

/** The columns (names and DuckDB types) a query returns, without running it. */
export async function describeQuery(
  conn: DuckDBConnection,
  sql: string,
): Promise<{ name: string; type: string }[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE ${sql}`);
  return reader
    .getRowObjectsJson()
    .map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}

/** Runs `sql` once into a temporary table (it is read twice: to find rows, then to insert them). */
export async function stage(conn: DuckDBConnection, sql: string): Promise<string> {
  const name = `__ldp_staged_${randomUUID().replace(/-/g, '')}`;
  await conn.run(`CREATE TEMP TABLE ${name} AS ${sql}`);
  return name;
}

/**
 * `between` predicates on each key column's range among the staged rows with a whole key, to
 * skip files by bounds; undefined when no staged row has a whole key (NULL keys match nothing).
 */
export async function keyRanges(
  conn: DuckDBConnection,
  staged: string,
  keys: readonly string[],
): Promise<Predicate[] | undefined> {
  const select = keys.map(
    (k, i) => `min(${quote(k)})::VARCHAR AS lo${i}, max(${quote(k)})::VARCHAR AS hi${i}`,
  );
  const whole = keys.map((k) => `${quote(k)} IS NOT NULL`).join(' AND ');
  const reader = await conn.runAndReadAll(`SELECT ${select.join(', ')} FROM ${staged} WHERE ${whole}`);
  const row = reader.getRowObjectsJson()[0] ?? {};
  if (row['lo0'] === null || row['lo0'] === undefined) return undefined;
  return keys.map((column, i) => ({
    column,
    op: 'between' as const,
    low: String(row[`lo${i}`]),
    high: String(row[`hi${i}`]),
  }));
}
