import type { LiveFile } from './live-files.js';
import type { IcebergType, PartitionSpec, Schema } from './types.js';

/** A conjunct of a scan filter on one column: `pickup_at >= '2024-01-01'`, `vendor IN ('a', 'b')`. */
export type Predicate =
  | { readonly column: string; readonly op: '=' | '<' | '<=' | '>' | '>='; readonly value: string | number }
  | { readonly column: string; readonly op: 'in'; readonly values: readonly (string | number)[] }
  | {
      readonly column: string;
      readonly op: 'between';
      readonly low: string | number;
      readonly high: string | number;
    }
  | { readonly column: string; readonly op: 'is null' };

/**
 * A file filter for `planScan`: keeps a file unless its partition values or its column bounds
 * prove that no row can match every predicate (so pruning never drops a matching row).
 */
export function pruneFiles(
  schema: Schema,
  spec: PartitionSpec,
  predicates: readonly Predicate[],
): (file: LiveFile) => boolean {
  const checks = predicates.map((predicate) => {
    const field = schema.fields.find((f) => f.name.toLowerCase() === predicate.column.toLowerCase());
    if (!field || typeof field.type !== 'string') return () => true;
    const type = field.type;
    const partitionFields = spec.fields.filter((p) => p['source-id'] === field.id);
    return (file: LiveFile) => {
      const data = file.entry.dataFile;
      for (const partition of partitionFields) {
        const value = data.partition[partition['field-id']];
        if (!partitionMayMatch(predicate, partition.transform, type, value)) return false;
      }
      if (predicate.op === 'is null') {
        const nulls = data.nullValueCounts.get(field.id);
        return nulls === undefined || nulls > 0;
      }
      const lower = data.lowerBounds.get(field.id);
      const upper = data.upperBounds.get(field.id);
      if (!lower || !upper) return true;
      return rangeMayMatch(predicate, decodeBound(type, lower), decodeBound(type, upper), type);
    };
  });
  return (file) => checks.every((check) => check(file));
}

type Comparable = number | bigint | string;

function rangeMayMatch(
  predicate: Exclude<Predicate, { op: 'is null' }>,
  low: Comparable | undefined,
  high: Comparable | undefined,
  type: IcebergType,
): boolean {
  if (low === undefined || high === undefined) return true;
  const v = (raw: string | number) => literalValue(type, raw);
  const within = (x: Comparable) => compare(x, low) >= 0 && compare(x, high) <= 0;
  switch (predicate.op) {
    case '=':
      return within(v(predicate.value));
    case '<':
      return compare(low, v(predicate.value)) < 0;
    case '<=':
      return compare(low, v(predicate.value)) <= 0;
    case '>':
      return compare(high, v(predicate.value)) > 0;
    case '>=':
      return compare(high, v(predicate.value)) >= 0;
    case 'in':
      return predicate.values.some((x) => within(v(x)));
    case 'between':
      return compare(high, v(predicate.low)) >= 0 && compare(low, v(predicate.high)) <= 0;
  }
}

function partitionMayMatch(
  predicate: Predicate,
  transform: string,
  type: IcebergType,
  value: unknown,
): boolean {
  if (predicate.op === 'is null') return value === null || value === undefined || transform !== 'identity';
  if (value === null || value === undefined) return false;
  const apply = (raw: string | number) => transformValue(transform, literalValue(type, raw));
  if (apply(0) === undefined) return true;
  const actual = typeof value === 'bigint' ? value : (value as Comparable);
  // Time transforms are monotonic, so ranges compare on transformed values, inclusively.
  switch (predicate.op) {
    case '=':
      return compare(actual, apply(predicate.value)!) === 0;
    case 'in':
      return predicate.values.some((x) => compare(actual, apply(x)!) === 0);
    case '<':
    case '<=':
      return compare(actual, apply(predicate.value)!) <= 0;
    case '>':
    case '>=':
      return compare(actual, apply(predicate.value)!) >= 0;
    case 'between':
      return compare(actual, apply(predicate.low)!) >= 0 && compare(actual, apply(predicate.high)!) <= 0;
  }
}

/** A literal as the value Iceberg stores for the type (days for dates, µs for timestamps). */
function literalValue(type: IcebergType, raw: string | number): Comparable {
  switch (type) {
    case 'date':
      return Math.floor(Date.parse(`${String(raw).slice(0, 10)}T00:00:00Z`) / 86_400_000);
    case 'timestamp':
    case 'timestamptz':
      return (
        BigInt(
          Date.parse(`${String(raw).replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(String(raw)) ? '' : 'Z'}`),
        ) * 1000n
      );
    case 'long':
      return BigInt(raw);
    case 'string':
      return String(raw);
    default:
      return Number(raw);
  }
}

function transformValue(transform: string, value: Comparable): Comparable | undefined {
  if (transform === 'identity') return value;
  const micros = typeof value === 'bigint' ? value : BigInt(value) * 86_400_000_000n;
  const date = new Date(Number(micros / 1000n));
  switch (transform) {
    case 'year':
      return date.getUTCFullYear() - 1970;
    case 'month':
      return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
    case 'day':
      return Math.floor(Number(micros / 1000n) / 86_400_000);
    case 'hour':
      return Math.floor(Number(micros / 1000n) / 3_600_000);
    default:
      return undefined;
  }
}

function decodeBound(type: IcebergType, bytes: Uint8Array): Comparable | undefined {
  const buffer = Buffer.from(bytes);
  switch (type) {
    case 'int':
    case 'date':
      return buffer.readInt32LE();
    case 'long':
    case 'timestamp':
    case 'timestamptz':
      return buffer.readBigInt64LE();
    case 'float':
      return buffer.readFloatLE();
    case 'double':
      return buffer.readDoubleLE();
    case 'string':
      return buffer.toString('utf8');
    default:
      return undefined;
  }
}

function compare(a: Comparable, b: Comparable): number {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as bigint | number);
    const y = BigInt(b as bigint | number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
