import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { fileFaultInMessage } from '../errors/index.js';
import { quoteString as literal, quoteIdentifier as quote } from '../sql/index.js';
import { encodeBound, timeMicros, timestampMicros } from './partition/bounds.js';
import { transformSql } from './partition/partition-transforms.js';
import { fromUri, toUri } from './paths.js';
import { duckTypeOf, fieldIdsSql } from './schema-mapping.js';
import { makeTableFolder } from './table-files.js';
import type { DataFile, IcebergType, NestedField, PartitionSpec, Schema } from './types.js';

export interface WriteRequest {
  readonly conn: DuckDBConnection;
  /** A query producing the table's columns (names as in `schema`). */
  readonly sql: string;
  readonly schema: Schema;
  readonly spec: PartitionSpec;
  readonly tableLocation: string;
  /** DuckDB casts per column (e.g. TINYINT → INTEGER), from the schema mapping. */
  readonly casts?: ReadonlyMap<string, string>;
  /** Lower-cased names of the query's columns; table columns it lacks are written as NULL. */
  readonly present?: ReadonlySet<string>;
}

/** The value written for a table column: the query's column (cast if needed) or a typed NULL. */
function columnValue(field: NestedField, request: WriteRequest): string {
  if (request.present && !request.present.has(field.name.toLowerCase()))
    return `NULL::${duckTypeOf(field.type)}`;
  const ref = `src.${quote(field.name)}`;
  const cast = request.casts?.get(field.name);
  return cast ? `CAST(${ref} AS ${cast})` : ref;
}

/**
 * Partition values and bounds are computed in UTC (day/hour of a timestamptz, statistics
 * strings), whatever time zone the connection had.
 */
export async function useUtc(conn: DuckDBConnection): Promise<void> {
  await conn.run(SET_UTC);
}

const SET_UTC = "SET TimeZone = 'UTC'";

/**
 * Writes the rows of `sql` as Parquet data files with Iceberg field ids, one folder per write
 * (so a retry never overwrites a committed file), and returns each file with its metrics.
 * Rows stream inside DuckDB; only the per-file statistics come back to JavaScript.
 */
export async function writeDataFiles(request: WriteRequest): Promise<DataFile[]> {
  const { conn, schema, spec } = request;
  const writeId = randomUUID();
  const dataDir = join(fromUri(request.tableLocation), 'data');
  makeTableFolder(dataDir);
  const values = new Map(schema.fields.map((f) => [f.id, columnValue(f, request)]));
  const columns = schema.fields.map((f) => `${values.get(f.id)} AS ${quote(f.name)}`);
  const partitionColumns = spec.fields.map((field, i) => {
    const source = schema.fields.find((f) => f.id === field['source-id'])!;
    return `${transformSql(field.transform, values.get(source.id)!, source.type)} AS __ldp_p${i}`;
  });
  // On lines of its own: model SQL may end with a `--` comment.
  const select = `SELECT ${[...columns, ...partitionColumns].join(', ')} FROM (\n${request.sql}\n) AS src`;
  const partitioned = spec.fields.length > 0;
  const target = partitioned ? join(dataDir, writeId) : join(dataDir, `${writeId}.parquet`);
  const options = [
    'FORMAT parquet',
    `FIELD_IDS ${fieldIdsSql(schema.fields)}`,
    'RETURN_STATS',
    'COMPRESSION zstd',
    ...(partitioned
      ? [
          `PARTITION_BY (${spec.fields.map((_, i) => `__ldp_p${i}`).join(', ')})`,
          `FILENAME_PATTERN '${writeId}_{i}'`,
          `ROW_GROUP_SIZE ${PARTITION_ROW_GROUP_ROWS}`,
        ]
      : []),
  ];
  let rows: Record<string, unknown>[];
  try {
    const copy = `COPY (${select}) TO ${literal(target)} (${options.join(', ')})`;
    // The time zone is set in the same call as the COPY: one round trip to DuckDB fewer per write.
    const reader = await (partitioned ? inAnyOrder(conn, copy) : conn.runAndReadAll(`${SET_UTC};\n${copy}`));
    rows = reader.getRowObjectsJson() as Record<string, unknown>[];
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    // DuckDB's "No space left on device" is the disk's fault, not the query's.
    throw fileFaultInMessage(error, target, 'write', 'the data file') ?? error;
  }
  return rows.map((row) => toDataFile(row, schema, spec)).filter((file) => file.recordCount > 0);
}

/**
 * Rows per row group of a partitioned write (DuckDB's default is 122,880). Every open partition
 * file keeps its unfinished row group in memory until the write ends or the group is full, so a
 * write into many partitions smaller than a row group (a month of trips into 31 day files of
 * ~100,000 rows each) held nearly all its rows at once. With 32,768 rows, 3M rows into 31 day
 * files peaked at 200 MB instead of 360 MB, at the same CPU time.
 */
export const PARTITION_ROW_GROUP_ROWS = 32_768;

/**
 * DuckDB's partitioned writer gathers up to this many rows per thread before it hands them to the
 * partitions' files (its default is 524,288). Smaller hand-overs keep less in memory at the same
 * CPU time: a month of taxi trips (3.3M rows) into 31 day files peaked at 710 MB instead of
 * 910 MB, with the same files (one per day); 65,536 saved no more.
 */
export const PARTITION_FLUSH_ROWS = 131_072;

/**
 * Runs a partitioned COPY with `preserve_insertion_order` off for this connection only: rows are
 * split into files by partition anyway, and DuckDB's partitioned writer then need not keep the
 * order of its input within each file (an ORDER BY in the query still holds). The writer's
 * hand-over size (`PARTITION_FLUSH_ROWS`) is set for the same statement only.
 */
async function inAnyOrder(conn: DuckDBConnection, sql: string) {
  try {
    return await conn.runAndReadAll(
      [
        SET_UTC,
        'SET SESSION preserve_insertion_order = false',
        `SET SESSION partitioned_write_flush_threshold = ${PARTITION_FLUSH_ROWS}`,
        sql,
      ].join(';\n'),
    );
  } finally {
    await conn.run(
      'RESET SESSION preserve_insertion_order;\nRESET SESSION partitioned_write_flush_threshold',
    );
  }
}

function toDataFile(row: Record<string, unknown>, schema: Schema, spec: PartitionSpec): DataFile {
  const stats = columnStatistics(row['column_statistics']);
  const columnSizes = new Map<number, number>();
  const valueCounts = new Map<number, number>();
  const nullValueCounts = new Map<number, number>();
  const lowerBounds = new Map<number, Uint8Array>();
  const upperBounds = new Map<number, Uint8Array>();
  for (const { field, path } of leafFields(schema.fields)) {
    const column = stats.get(path);
    if (!column) continue;
    if (column['column_size_bytes'] !== undefined)
      columnSizes.set(field.id, Number(column['column_size_bytes']));
    if (column['num_values'] !== undefined) valueCounts.set(field.id, Number(column['num_values']));
    if (column['null_count'] !== undefined) nullValueCounts.set(field.id, Number(column['null_count']));
    if (column['has_nan'] === 'true') continue;
    const lower = column['min'] !== undefined ? encodeBound(field.type, column['min'], false) : undefined;
    const upper = column['max'] !== undefined ? encodeBound(field.type, column['max'], true) : undefined;
    if (lower && upper) {
      lowerBounds.set(field.id, lower);
      upperBounds.set(field.id, upper);
    }
  }
  return {
    content: 0,
    filePath: toUri(String(row['filename'])),
    fileFormat: 'PARQUET',
    partition: partitionValues(row['partition_keys'], schema, spec),
    recordCount: Number(row['count']),
    fileSizeInBytes: Number(row['file_size_bytes']),
    columnSizes,
    valueCounts,
    nullValueCounts,
    nanValueCounts: new Map(),
    lowerBounds,
    upperBounds,
  };
}

/** Primitive fields with the dotted, quoted path DuckDB uses as the statistics key. */
function leafFields(fields: readonly NestedField[], prefix = ''): { field: NestedField; path: string }[] {
  return fields.flatMap((field) => {
    const path = `${prefix}${quote(field.name)}`;
    if (typeof field.type === 'string') return [{ field, path }];
    if (field.type.type === 'struct') return leafFields(field.type.fields, `${path}.`);
    return [];
  });
}

function columnStatistics(value: unknown): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const entry of (value as { key: string; value: { key: string; value: string }[] }[] | null) ?? []) {
    out.set(entry.key, Object.fromEntries(entry.value.map((kv) => [kv.key, kv.value])));
  }
  return out;
}

function partitionValues(value: unknown, schema: Schema, spec: PartitionSpec): Record<number, unknown> {
  const keys = new Map(
    ((value as { key: string; value: string | null }[] | null) ?? []).map((kv) => [kv.key, kv.value]),
  );
  const out: Record<number, unknown> = {};
  spec.fields.forEach((field, i) => {
    const source = schema.fields.find((f) => f.id === field['source-id'])!;
    const raw = keys.get(`__ldp_p${i}`);
    // Identity and truncate keep the source's type; every other transform computes an integer.
    const keepsType = field.transform === 'identity' || field.transform.startsWith('truncate');
    // A NULL partition comes back as null; the text 'NULL' is a string value like any other.
    if (raw === undefined || raw === null) out[field['field-id']] = null;
    else out[field['field-id']] = keepsType ? partitionValue(source.type, raw) : Number(raw);
  });
  return out;
}

/** A partition value, from DuckDB's text of it, in the representation Avro manifests store for its Iceberg type. */
export function partitionValue(type: IcebergType, raw: string): unknown {
  switch (type) {
    case 'int':
      return Number(raw);
    case 'long':
      return BigInt(raw);
    case 'boolean':
      return raw === 'true' || raw === '1';
    case 'date':
      return Math.round(Date.parse(`${raw}T00:00:00Z`) / 86_400_000);
    case 'time':
      return timeMicros(raw);
    case 'timestamp':
    case 'timestamptz':
      return timestampMicros(raw);
    case 'float':
    case 'double':
      return floatValue(raw);
    case 'binary':
      // Identity partitions of binary columns are computed as hex (see transformSql).
      return Buffer.from(raw, 'hex');
    default:
      return raw;
  }
}

/** DuckDB spells infinities `inf`/`-inf` and NaN `nan`. */
function floatValue(raw: string): number {
  if (raw === 'inf') return Number.POSITIVE_INFINITY;
  if (raw === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(raw);
}
