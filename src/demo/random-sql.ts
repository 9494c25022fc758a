/**
 * Pseudo-random numbers inside DuckDB: a value is a hash of the row key and a stream number, so
 * any row can be computed on its own, in any order and on any thread, always the same.
 */
// Named random streams: each column family draws from its own hash of the row key.
const STREAMS = [
  'nulls',
  'day',
  'hour',
  'second',
  'pu_kind',
  'pu_pick',
  'do_kind',
  'do_pick',
  'vendor',
  'passengers',
  'flag',
  'rate',
  'payment',
  'dist_a',
  'dist_b',
  'speed',
  'slow',
  'tip_rate',
  'tip_skip',
  'tolls',
  'refund',
  'junk',
  'negotiated',
  'late',
  'airport_fee',
] as const;

/** A uniform draw in [0, 1) from stream number `stream` of the row hash `h` (a UBIGINT). */
export function draw(stream: number, h: string): string {
  return `(hash(xor(${h}, ${stream}::UBIGINT)) / 18446744073709551616.0)`;
}

/**
 * One column per stream. Each 64-bit hash gives two uniforms (its high and low 32 bits), which
 * halves the hashing work; 2^-32 is fine enough for the rarest event drawn (about 1 in 10^5).
 */
export function drawsSql(from: string): string {
  const hashes: string[] = [];
  const uniforms: string[] = [];
  for (let n = 0; n < STREAMS.length; n += 2) {
    hashes.push(`hash(xor(h, ${n + 10}::UBIGINT)) AS x${n}`);
    uniforms.push(`(x${n} >> 32) / 4294967296.0 AS u_${STREAMS[n]}`);
    const second = STREAMS[n + 1];
    if (second) uniforms.push(`(x${n} & 4294967295) / 4294967296.0 AS u_${second}`);
  }
  return `SELECT ${uniforms.join(', ')} FROM (SELECT ${hashes.join(', ')} FROM ${from})`;
}

/** `values[floor(u × length)]`: a uniform pick (repeat an entry to weight it). */
export function pick(values: readonly (number | boolean)[], u: string): string {
  return `[${values.join(',')}][1 + floor(${u} * ${values.length})::INTEGER]`;
}
