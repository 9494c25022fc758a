import { bucketOf } from '../partition/murmur3.js';
import { transformWidth } from '../partition/partition-transforms.js';
import type { IcebergType, PartitionSpec, Schema } from '../types.js';
import type { LiveFile } from './live-files.js';

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

export type Comparable = number | bigint | string;

/**
 * A file filter for `planScan`: keeps a file unless its partition values (read with the spec
 * the file was written with) or its column bounds prove that no row can match every predicate.
 * Anything it cannot interpret keeps the file, so pruning never drops a matching row.
 */
export function pruneFiles(
  schema: Schema,
  specs: readonly PartitionSpec[],
  predicates: readonly Predicate[],
): (file: LiveFile) => boolean {
  const specById = new Map(specs.map((s) => [s['spec-id'], s]));
  const checks = predicates.map((predicate) => {
    const field = schema.fields.find((f) => f.name.toLowerCase() === predicate.column.toLowerCase());
    if (!field || typeof field.type !== 'string') return () => true;
    const type = field.type;
    return (file: LiveFile) => {
      const data = file.entry.dataFile;
      const spec = specById.get(file.manifest.partitionSpecId);
      for (const partition of spec?.fields ?? []) {
        if (partition['source-id'] !== field.id) continue;
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

function rangeMayMatch(
  predicate: Exclude<Predicate, { op: 'is null' }>,
  low: Comparable | undefined,
  high: Comparable | undefined,
  type: IcebergType,
): boolean {
  if (low === undefined || high === undefined) return true;
  const within = (x: Comparable) => compare(x, low) >= 0 && compare(x, high) <= 0;
  // An uninterpretable literal (undefined) keeps the file.
  const test = (raw: string | number, ok: (x: Comparable) => boolean) => {
    const value = literalValue(type, raw);
    return value === undefined || ok(value);
  };
  switch (predicate.op) {
    case '=':
      return test(predicate.value, within);
    case '<':
      return test(predicate.value, (v) => compare(low, v) < 0);
    case '<=':
      return test(predicate.value, (v) => compare(low, v) <= 0);
    case '>':
      return test(predicate.value, (v) => compare(high, v) > 0);
    case '>=':
      return test(predicate.value, (v) => compare(high, v) >= 0);
    case 'in':
      return predicate.values.some((x) => test(x, within));
    case 'between':
      return (
        test(predicate.low, (v) => compare(high, v) >= 0) && test(predicate.high, (v) => compare(low, v) <= 0)
      );
  }
}

function partitionMayMatch(
  predicate: Predicate,
  transform: string,
  type: IcebergType,
  value: unknown,
): boolean {
  // Every transform but void maps NULL to NULL and values to non-NULL.
  if (transform === 'void') return true;
  if (predicate.op === 'is null') return value === null || value === undefined;
  if (value === null || value === undefined) return false;
  if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'string') return true;
  const apply = (raw: string | number) => {
    const literal = literalValue(type, raw);
    return literal === undefined ? undefined : transformLiteral(transform, type, literal);
  };
  const equal = (raw: string | number) => {
    const t = apply(raw);
    return t === undefined || compare(value, t) === 0;
  };
  if (predicate.op === '=') return equal(predicate.value);
  if (predicate.op === 'in') return predicate.values.some(equal);
  // Ranges hold on transformed values (inclusively) only for order-preserving transforms.
  if (transform.startsWith('bucket')) return true;
  const holds = (raw: string | number, ok: (t: Comparable) => boolean) => {
    const t = apply(raw);
    return t === undefined || ok(t);
  };
  switch (predicate.op) {
    case '<':
    case '<=':
      return holds(predicate.value, (t) => compare(value, t) <= 0);
    case '>':
    case '>=':
      return holds(predicate.value, (t) => compare(value, t) >= 0);
    case 'between':
      return (
        holds(predicate.low, (t) => compare(value, t) >= 0) &&
        holds(predicate.high, (t) => compare(value, t) <= 0)
      );
  }
}

/** A literal as the value Iceberg stores for the type (days for dates, µs for timestamps), if it can tell. */
function literalValue(type: IcebergType, raw: string | number): Comparable | undefined {
  switch (type) {
    case 'date': {
      const ms = Date.parse(`${String(raw).slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(ms) ? undefined : Math.floor(ms / 86_400_000);
    }
    case 'timestamp':
    case 'timestamptz': {
      const text = String(raw).trim().replace(' ', 'T');
      const ms = Date.parse(`${text}${/Z|[+-]\d\d:?\d\d$/.test(text) || text.length <= 10 ? '' : 'Z'}`);
      if (Number.isNaN(ms)) return undefined;
      // Date.parse keeps milliseconds only: add the remaining microseconds of the literal.
      const micros = /\.\d{3}(\d{1,3})/.exec(text)?.[1]?.padEnd(3, '0') ?? '0';
      return BigInt(ms) * 1000n + BigInt(micros);
    }
    case 'int':
    case 'long': {
      if (typeof raw === 'number' ? !Number.isInteger(raw) : !/^\s*-?\d+\s*$/.test(raw)) return undefined;
      return type === 'long' ? BigInt(raw) : Number(raw);
    }
    case 'float':
    case 'double': {
      const n = Number(raw);
      return Number.isNaN(n) ? undefined : n;
    }
    case 'string':
      return String(raw);
    default:
      return undefined;
  }
}

const MICROS_PER_DAY = 86_400_000_000n;

/** The partition value `transform` gives for a literal, or undefined when ldp cannot compute it. */
function transformLiteral(transform: string, type: IcebergType, value: Comparable): Comparable | undefined {
  if (transform === 'identity') return value;
  const width = transformWidth(transform);
  if (transform.startsWith('bucket')) {
    const input = type === 'int' || type === 'date' ? BigInt(value) : value;
    return bucketOf(type, input, width!);
  }
  if (transform.startsWith('truncate')) {
    if (typeof value === 'string') return [...value].slice(0, width).join('');
    if (typeof value === 'bigint')
      return value - (((value % BigInt(width!)) + BigInt(width!)) % BigInt(width!));
    return value - (((value % width!) + width!) % width!);
  }
  if (typeof value === 'string') return undefined;
  const micros = typeof value === 'bigint' ? value : BigInt(value) * MICROS_PER_DAY;
  const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  const date = new Date(Number(floorDiv(micros, 1000n)));
  switch (transform) {
    case 'year':
      return date.getUTCFullYear() - 1970;
    case 'month':
      return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
    case 'day':
      return Number(floorDiv(micros, MICROS_PER_DAY));
    case 'hour':
      return Number(floorDiv(micros, 3_600_000_000n));
    default:
      return undefined;
  }
}

export function decodeBound(type: IcebergType, bytes: Uint8Array): Comparable | undefined {
  const buffer = Buffer.from(bytes);
  switch (type) {
    case 'int':
    case 'date':
      return buffer.length === 4 ? buffer.readInt32LE() : undefined;
    case 'long':
    case 'timestamp':
    case 'timestamptz':
      return buffer.length === 8 ? buffer.readBigInt64LE() : undefined;
    case 'float':
      return buffer.length === 4 ? buffer.readFloatLE() : undefined;
    case 'double':
      return buffer.length === 8 ? buffer.readDoubleLE() : undefined;
    case 'string':
      return buffer.toString('utf8');
    default:
      return undefined;
  }
}

/** Orders like Iceberg: numbers numerically, strings by their UTF-8 bytes. */
function compare(a: Comparable, b: Comparable): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    if (typeof a === 'string' || typeof b === 'string') return 0;
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
