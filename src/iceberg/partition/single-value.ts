import type { IcebergType } from '../types.js';
import { twosComplement } from './bounds.js';

/**
 * Iceberg's binary single-value serialization (spec, Appendix D) of a value in the form ldp holds
 * partition values in: boolean; int and date as numbers (days); long, time, timestamp and
 * timestamptz as number or bigint (microseconds); float and double as numbers; string; binary,
 * fixed and decimal (unscaled, two's complement) as bytes. Undefined when the type has no
 * serialization here or the value does not have the expected form.
 */
export function serializeValue(type: IcebergType, value: unknown): Uint8Array | undefined {
  if (typeof type !== 'string') return undefined;
  switch (true) {
    case type === 'boolean':
      return typeof value === 'boolean' ? Uint8Array.of(value ? 1 : 0) : undefined;
    case type === 'int' || type === 'date':
      return typeof value === 'number' && Number.isInteger(value)
        ? littleEndian(4, BigInt(value))
        : undefined;
    case type === 'long' || type === 'time' || type === 'timestamp' || type === 'timestamptz':
      return isInteger(value) ? littleEndian(8, BigInt(value)) : undefined;
    case type === 'float':
    case type === 'double':
      return typeof value === 'number' ? ieee754(type, value) : undefined;
    case type === 'string':
      return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'utf8')) : undefined;
    case type === 'binary' || type.startsWith('fixed['):
      return value instanceof Uint8Array ? new Uint8Array(value) : undefined;
    case type.startsWith('decimal('):
      // Avro stores decimals as two's complement too, but not necessarily in the fewest bytes.
      return value instanceof Uint8Array && value.length > 0
        ? twosComplement(signedBigEndian(value))
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Orders two non-null, non-NaN values of one Iceberg type as the spec orders bounds: `-0.0`
 * before `+0.0`, strings by code point (= by UTF-8 bytes), binary by unsigned bytes.
 */
export function compareValues(type: IcebergType, a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string')
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (typeof type === 'string' && type.startsWith('decimal('))
      return Math.sign(Number(signedBigEndian(a) - signedBigEndian(b)));
    return Buffer.compare(a, b);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1;
    return a < b ? -1 : 1;
  }
  if (isInteger(a) && isInteger(b)) {
    const [x, y] = [BigInt(a), BigInt(b)];
    return x === y ? 0 : x < y ? -1 : 1;
  }
  return 0;
}

function isInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

function littleEndian(bytes: 4 | 8, value: bigint): Uint8Array {
  const buffer = Buffer.alloc(bytes);
  if (bytes === 4) buffer.writeInt32LE(Number(value));
  else buffer.writeBigInt64LE(value);
  return new Uint8Array(buffer);
}

function ieee754(type: 'float' | 'double', value: number): Uint8Array {
  const buffer = Buffer.alloc(type === 'float' ? 4 : 8);
  if (type === 'float') buffer.writeFloatLE(value);
  else buffer.writeDoubleLE(value);
  return new Uint8Array(buffer);
}

function signedBigEndian(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  const unsigned = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  return bytes[0]! & 0x80 ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}
