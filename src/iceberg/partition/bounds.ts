import type { IcebergType } from '../types.js';

const EPOCH_DAY_MS = 86_400_000;

/**
 * Iceberg's single-value binary encoding of a bound, from the string DuckDB's RETURN_STATS
 * reports. Undefined when the type has no bound encoding here or the value must not be a bound
 * (NaN). `upper` marks an upper bound (strings truncate upwards).
 */
export function encodeBound(type: IcebergType, text: string, upper: boolean): Uint8Array | undefined {
  if (typeof type !== 'string') return undefined;
  switch (true) {
    case type === 'boolean':
      return Uint8Array.of(text === '1' || text === 'true' ? 1 : 0);
    case type === 'int':
      return int32(Number(text));
    case type === 'date': {
      // DuckDB's `infinity` dates (and years JavaScript cannot parse) get no bound at all.
      const days = Math.round(Date.parse(`${text}T00:00:00Z`) / EPOCH_DAY_MS);
      return Number.isFinite(days) ? int32(days) : undefined;
    }
    case type === 'long':
      return int64(BigInt(text));
    case type === 'timestamp' || type === 'timestamptz':
      return parseTimestampMicros(text, upper);
    case type === 'time':
      return int64(timeMicros(text));
    case type === 'float':
    case type === 'double':
      return floatBound(type, text, upper);
    case type === 'string':
      return stringBound(text, upper);
    case type.startsWith('decimal('):
      return decimalBound(text, Number(/decimal\(\d+, (\d+)\)/.exec(type)?.[1] ?? 0));
    case type === 'uuid':
      return /^[0-9a-f-]{36}$/i.test(text)
        ? Uint8Array.from(Buffer.from(text.replace(/-/g, ''), 'hex'))
        : undefined;
    default:
      return undefined;
  }
}

function int32(value: number): Uint8Array {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return new Uint8Array(buffer);
}

function int64(value: bigint): Uint8Array {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64LE(value);
  return new Uint8Array(buffer);
}

function parseTimestampMicros(text: string, upper: boolean): Uint8Array | undefined {
  const micros = timestampMicros(text, upper);
  return micros === undefined ? undefined : int64(micros);
}

/**
 * `2024-01-01 10:00:00[.123456][+00]` → microseconds since the epoch (UTC). Digits beyond
 * microseconds are dropped, or round up when `roundUp` (an upper bound must still cover them).
 */
export function timestampMicros(text: string, roundUp = false): bigint | undefined {
  const match =
    /^(-?\d{4,}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([+-]\d{2})(?::?(\d{2}))?)?$/.exec(
      text,
    );
  if (!match) return undefined;
  const [, date, h, m, s, fraction = '', offsetHours, offsetMinutes] = match;
  const seconds = Date.parse(`${date}T${h}:${m}:${s}Z`) / 1000;
  if (Number.isNaN(seconds)) return undefined;
  const offset = offsetHours
    ? (Number(offsetHours) * 60 + Math.sign(Number(offsetHours)) * Number(offsetMinutes ?? 0)) * 60
    : 0;
  let micros = BigInt(seconds - offset) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6) || '0');
  if (roundUp && fraction.length > 6 && /[1-9]/.test(fraction.slice(6))) micros += 1n;
  return micros;
}

/** `10:00:00[.123456]` → microseconds since midnight. */
export function timeMicros(text: string): bigint {
  const [h = '0', m = '0', rest = '0'] = text.split(':');
  const [s = '0', fraction = ''] = rest.split('.');
  return (
    ((BigInt(h) * 60n + BigInt(m)) * 60n + BigInt(s)) * 1_000_000n +
    BigInt(fraction.padEnd(6, '0').slice(0, 6) || '0')
  );
}

function floatBound(type: 'float' | 'double', text: string, upper: boolean): Uint8Array | undefined {
  const value =
    text === 'inf' ? Number.POSITIVE_INFINITY : text === '-inf' ? Number.NEGATIVE_INFINITY : Number(text);
  if (Number.isNaN(value)) return undefined;
  // Bounds order -0.0 below +0.0, and DuckDB's min/max treat the two zeros as equal: a zero
  // lower bound is written as -0.0 and a zero upper bound as +0.0, so both cover either zero.
  const normalized = value === 0 ? (upper ? 0 : -0) : value;
  const buffer = Buffer.alloc(type === 'float' ? 4 : 8);
  if (type === 'float') buffer.writeFloatLE(normalized);
  else buffer.writeDoubleLE(normalized);
  return new Uint8Array(buffer);
}

const STRING_BOUND_LENGTH = 16;

/** UTF-8, at most 16 code points: a lower bound is the prefix, an upper bound the prefix rounded up. */
function stringBound(text: string, upper: boolean): Uint8Array | undefined {
  const points = [...text];
  if (points.length <= STRING_BOUND_LENGTH) return new Uint8Array(Buffer.from(text, 'utf8'));
  const prefix = points.slice(0, STRING_BOUND_LENGTH);
  if (!upper) return new Uint8Array(Buffer.from(prefix.join(''), 'utf8'));
  for (let i = prefix.length - 1; i >= 0; i--) {
    const code = prefix[i]!.codePointAt(0)! + 1;
    if (code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
      return new Uint8Array(Buffer.from(prefix.slice(0, i).join('') + String.fromCodePoint(code), 'utf8'));
    }
  }
  return undefined;
}

/** Unscaled value as two's-complement big-endian in the fewest bytes. */
function decimalBound(text: string, scale: number): Uint8Array | undefined {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '', fraction = ''] = match;
  const unscaled = BigInt(`${sign}${whole || '0'}${fraction.padEnd(scale, '0').slice(0, scale)}`);
  return twosComplement(unscaled);
}

export function twosComplement(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.unshift(byte);
    v >>= 8n;
    const signBit = (byte & 0x80) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) break;
  }
  return Uint8Array.from(bytes);
}
