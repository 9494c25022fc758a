import type { IcebergType } from '../types.js';
import { twosComplement } from './bounds.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK(k: number): number {
  const a = Math.imul(k, C1);
  return Math.imul((a << 15) | (a >>> 17), C2);
}

/** 32-bit Murmur3 (x86 variant, seed 0), as a signed int: the hash Iceberg's bucket transform uses. */
export function murmur3(bytes: Uint8Array): number {
  let h = 0;
  const blocks = bytes.length >> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    const k = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
    h ^= mixK(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  let k = 0;
  if (rest >= 3) k ^= bytes[tail + 2]! << 16;
  if (rest >= 2) k ^= bytes[tail + 1]! << 8;
  if (rest >= 1) {
    k ^= bytes[tail]!;
    h ^= mixK(k);
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function littleEndianLong(value: bigint): Uint8Array {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64LE(BigInt.asIntN(64, value));
  return new Uint8Array(buffer);
}

/**
 * The bytes Iceberg hashes for a value (spec Appendix B), given in Iceberg's representation:
 * int/long as number or bigint, date as days, time and timestamps as microseconds (bigint),
 * decimals as the unscaled bigint, uuid as its string, binary as bytes. Undefined when the
 * type cannot be bucketed.
 */
export function hashInput(type: IcebergType, value: unknown): Uint8Array | undefined {
  if (typeof type !== 'string') return undefined;
  switch (true) {
    case ['int', 'long', 'date', 'time', 'timestamp', 'timestamptz'].includes(type):
      return typeof value === 'number' || typeof value === 'bigint'
        ? littleEndianLong(BigInt(value))
        : undefined;
    case type === 'string':
      return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'utf8')) : undefined;
    case type === 'uuid':
      return typeof value === 'string'
        ? new Uint8Array(Buffer.from(value.replace(/-/g, ''), 'hex'))
        : undefined;
    case type === 'binary' || type.startsWith('fixed['):
      return value instanceof Uint8Array ? value : undefined;
    case type.startsWith('decimal('):
      return typeof value === 'bigint' ? twosComplement(value) : undefined;
    default:
      return undefined;
  }
}

/** Iceberg's `bucket[N]` of a value (see `hashInput` for its representation). */
export function bucketOf(type: IcebergType, value: unknown, buckets: number): number | undefined {
  const bytes = hashInput(type, value);
  return bytes === undefined ? undefined : (murmur3(bytes) & 0x7fffffff) % buckets;
}
