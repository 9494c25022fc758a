import avro from 'avsc';

// biome-ignore lint/suspicious/noExplicitAny: avsc's type classes are untyped internals.
const LongType = avro.types.LongType as any;

interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  writeLong(value: number): void;
}

/**
 * Avro `long` as a JS number when it is exactly representable, and as a bigint beyond 2^53
 * (snapshot ids of other engines). avsc's own long rejects large values, and its `__with`
 * hook allocates a buffer per value, which dominates decoding large manifests.
 */
class HybridLongType extends LongType {
  _read(tap: Tap): number | bigint {
    const start = tap.pos;
    const value = tap.readLong();
    if (Number.isSafeInteger(value)) return value;
    tap.pos = start;
    return readBigLong(tap);
  }

  _write(tap: Tap, value: number | bigint): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) tap.writeLong(value);
    else writeBigLong(tap, BigInt(value));
  }

  _check(value: unknown, _flags: unknown, hook?: (value: unknown, type: unknown) => void): boolean {
    const valid = typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
    if (!valid && hook) hook(value, this);
    return valid;
  }
}

function readBigLong(tap: Tap): bigint {
  let result = 0n;
  let shift = 0n;
  let byte: number;
  do {
    byte = tap.buf[tap.pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  return (result >> 1n) ^ -(result & 1n);
}

function writeBigLong(tap: Tap, value: bigint): void {
  let zigzag = value >= 0n ? value << 1n : (-value << 1n) - 1n;
  do {
    let byte = Number(zigzag & 0x7fn);
    zigzag >>= 7n;
    if (zigzag > 0n) byte |= 0x80;
    tap.buf[tap.pos++] = byte;
  } while (zigzag > 0n);
}

export const bigintLongType = new HybridLongType();
