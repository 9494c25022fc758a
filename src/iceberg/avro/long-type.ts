import avro from 'avsc';

/** Avro `long` as JS bigint (avsc's default rejects values above 2^53, e.g. foreign snapshot ids). */
export const bigintLongType = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
  toBuffer: (value: bigint | number) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  fromJSON: (value: unknown) => BigInt(value as number),
  toJSON: (value: bigint) => Number(value),
  isValid: (value: unknown) =>
    typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)),
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});
