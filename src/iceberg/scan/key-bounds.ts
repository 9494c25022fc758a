import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString as literal, quoteIdentifier as quote } from '../../sql/index.js';
import type { IcebergType, Schema } from '../types.js';
import type { LiveFile } from './live-files.js';
import { type Comparable, decodeBound } from './pruning.js';

/** A key column as compared with file bounds: the SQL of a staged value in the bounds' domain. */
interface KeyColumn {
  readonly fieldId: number;
  readonly type: IcebergType;
  readonly value: string;
}

/**
 * The files that may hold one of the staged keys: a file is kept unless, for every staged key,
 * some key column lies outside that file's lower/upper bounds (from the manifests). Unlike one
 * range over all keys, keys clustered far apart (new rows plus a few old ones) keep only the
 * files around each cluster. Files without bounds, and key types ldp does not compare, are kept.
 */
export async function filesWithinKeyBounds(
  conn: DuckDBConnection,
  schema: Schema,
  files: readonly LiveFile[],
  staged: string,
  keys: readonly string[],
): Promise<LiveFile[]> {
  const columns = keys.map((key) => keyColumn(schema, key)).filter((c): c is KeyColumn => c !== undefined);
  if (columns.length === 0 || files.length === 0) return [...files];
  const kept: LiveFile[] = [];
  const rows: string[] = [];
  files.forEach((file, i) => {
    const bounds = columns.map((c) => boundsOf(file, c));
    if (bounds.some((b) => b === undefined)) kept.push(file);
    else rows.push(`(${i}, ${bounds.map((b) => `${b![0]}, ${b![1]}`).join(', ')})`);
  });
  if (rows.length === 0) return kept;
  const names = columns.flatMap((_, j) => [`lo${j}`, `hi${j}`]);
  const within = columns.map((c, j) => `${c.value} BETWEEN f.lo${j} AND f.hi${j}`).join(' AND ');
  const reader = await conn.runAndReadAll(
    `SELECT DISTINCT f.i FROM (VALUES ${rows.join(', ')}) AS f(i, ${names.join(', ')}) JOIN ${staged} AS s ON ${within}`,
  );
  const matched = new Set(reader.getRowObjectsJson().map((row) => Number(row['i'])));
  return [...kept, ...files.filter((_, i) => matched.has(i))];
}

function keyColumn(schema: Schema, key: string): KeyColumn | undefined {
  const field = schema.fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
  if (!field || typeof field.type !== 'string') return undefined;
  const column = `s.${quote(field.name)}`;
  switch (field.type) {
    case 'int':
    case 'long':
    case 'string':
      return { fieldId: field.id, type: field.type, value: column };
    case 'date':
      return { fieldId: field.id, type: field.type, value: `(${column} - DATE '1970-01-01')` };
    case 'timestamp':
    case 'timestamptz':
      return { fieldId: field.id, type: field.type, value: `epoch_us(${column})` };
    default:
      // Floats (NaN, ±0), decimals and the rest: the file is kept rather than compared.
      return undefined;
  }
}

/** The file's bounds of a key column as SQL literals, or undefined when it has none. */
function boundsOf(file: LiveFile, column: KeyColumn): [string, string] | undefined {
  const data = file.entry.dataFile;
  const lower = data.lowerBounds.get(column.fieldId);
  const upper = data.upperBounds.get(column.fieldId);
  if (!lower || !upper) return undefined;
  const low = decodeBound(column.type, lower);
  const high = decodeBound(column.type, upper);
  if (low === undefined || high === undefined) return undefined;
  return [sqlLiteral(low), sqlLiteral(high)];
}

/** Integers (ints, days, microseconds) as BIGINT, strings as text: both compare like the bounds. */
function sqlLiteral(value: Comparable): string {
  return typeof value === 'string' ? literal(value) : `${value}::BIGINT`;
}
