import { randomBytes } from 'node:crypto';

/**
 * A new snapshot id: positive, random, and below 2^53 so any JSON reader keeps it exact
 * (ldp reads larger ids written by other engines without loss).
 */
export function newSnapshotId(): bigint {
  const value = randomBytes(8).readBigUInt64BE() & ((1n << 53n) - 1n);
  return value === 0n ? 1n : value;
}
