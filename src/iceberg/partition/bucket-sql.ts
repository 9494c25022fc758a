import type { IcebergType } from '../types.js';

/*
 * Iceberg's bucket transform as a DuckDB expression, so partition values are computed inside the
 * COPY without rows passing through JavaScript. DuckDB has no Murmur3, so the 32-bit arithmetic
 * is spelled out on UBIGINT (products of two 32-bit values fit in 64 bits) and masked to 32 bits.
 * Lambdas bind intermediate values once: inlining them would grow the expression exponentially.
 */

const MASK = '4294967295::UBIGINT';
const u = (n: number) => `${n}::UBIGINT`;

function rotl(x: string, r: number): string {
  return `(((${x} << ${r}) | (${x} >> ${32 - r})) & ${MASK})`;
}

function mixK(k: string): string {
  const a = `((${k} * ${u(0xcc9e2d51)}) & ${MASK})`;
  return `((${rotl(a, 15)} * ${u(0x1b873593)}) & ${MASK})`;
}

function mixH(h: string, k: string): string {
  const x = `xor(${h}, ${mixK(k)})`;
  return `(((${rotl(x, 13)} * ${u(5)}) + ${u(0xe6546b64)}) & ${MASK})`;
}

/** `let name = value in body`, evaluating `value` once. */
function bind(value: string, name: string, body: string): string {
  return `list_transform([${value}], lambda ${name}: ${body})[1]`;
}

/** Murmur3 finalisation of `h` (a lambda parameter, so repeating it costs nothing). */
function finish(h: string): string {
  const a = `xor(${h}, ${h} >> 16)`;
  const b = `((${a} * ${u(0x85ebca6b)}) & ${MASK})`;
  const c = `xor(${b}, ${b} >> 13)`;
  const d = `((${c} * ${u(0xc2b2ae35)}) & ${MASK})`;
  return `xor(${d}, ${d} >> 16)`;
}

/** Murmur3 of 32-bit blocks (a UBIGINT list), a tail block and the byte length. */
function murmur3Sql(blocks: string, tail: string, length: string): string {
  const folded = `list_reduce(${blocks}, lambda __ldp_h, __ldp_k: ${mixH('__ldp_h', '__ldp_k')}, 0::UBIGINT)`;
  const withTail = `xor(xor(${folded}, ${mixK(tail)}), (${length})::UBIGINT)`;
  return bind(withTail, '__ldp_f', finish('__ldp_f'));
}

/** Murmur3 of a long: its 8 little-endian bytes are two 32-bit blocks. */
function hashLongSql(value: string): string {
  const blocks = `[(__ldp_v & 4294967295)::UBIGINT, ((__ldp_v >> 32) & 4294967295)::UBIGINT]`;
  return bind(`(${value})::BIGINT`, '__ldp_v', murmur3Sql(blocks, '0::UBIGINT', '8'));
}

/** Murmur3 of bytes given as an upper- or lower-case hex string. */
function hashHexSql(hex: string): string {
  const byte = (offset: string) => `substr(__ldp_x, ${offset}, 2)`;
  const block = (i: string) =>
    `('0x' || ${byte(`${i} * 8 + 7`)} || ${byte(`${i} * 8 + 5`)} || ${byte(`${i} * 8 + 3`)} || ${byte(`${i} * 8 + 1`)})::UBIGINT`;
  const n = '(length(__ldp_x) // 2)';
  const blocks = `list_transform(range(${n} // 4), lambda __ldp_i: ${block('__ldp_i')})`;
  // Past the end `substr` is empty, so this reads the 0-3 remaining bytes, little-endian.
  const t = `(${n} // 4) * 8`;
  const tail = `('0x0' || ${byte(`${t} + 5`)} || ${byte(`${t} + 3`)} || ${byte(`${t} + 1`)})::UBIGINT`;
  return bind(hex, '__ldp_x', murmur3Sql(blocks, tail, n));
}

/** Hex of a decimal's unscaled value in two's complement, big-endian, fewest bytes. */
function decimalHexSql(value: string): string {
  const unscaled = `replace((${value})::VARCHAR, '.', '')::HUGEINT`;
  const fits = `__ldp_d >= -(1::HUGEINT << (8 * __ldp_n - 1)) AND __ldp_d < (1::HUGEINT << (8 * __ldp_n - 1))`;
  const bytes = `coalesce(list_filter(range(1, 16), lambda __ldp_n: ${fits})[1], 16)`;
  const full = `CASE WHEN __ldp_d < 0 THEN hex(__ldp_d) ELSE lpad(hex(__ldp_d), 32, '0') END`;
  return bind(unscaled, '__ldp_d', `right(${full}, 2 * ${bytes})`);
}

/** The input Iceberg hashes for a column value (spec Appendix B), or undefined if not bucketable. */
function hashSql(column: string, type: IcebergType): string | undefined {
  if (typeof type !== 'string') return undefined;
  switch (true) {
    case type === 'int' || type === 'long':
      return hashLongSql(column);
    case type === 'date':
      return hashLongSql(`${column} - DATE '1970-01-01'`);
    case type === 'time' || type === 'timestamp' || type === 'timestamptz':
      return hashLongSql(`epoch_us(${column})`);
    case type === 'string':
      return hashHexSql(`hex(encode(${column}))`);
    case type === 'binary' || type.startsWith('fixed['):
      return hashHexSql(`hex(${column})`);
    case type === 'uuid':
      return hashHexSql(`replace((${column})::VARCHAR, '-', '')`);
    case type.startsWith('decimal('):
      return hashHexSql(decimalHexSql(column));
    default:
      return undefined;
  }
}

/** Whether `bucket[N]` can partition a column of this type. */
export function canBucket(type: IcebergType): boolean {
  return hashSql('x', type) !== undefined;
}

/** `bucket[N]` of a column: `(murmur3(value) & Integer.MAX_VALUE) % N`, NULL for NULL. */
export function bucketSql(column: string, type: IcebergType, buckets: number): string {
  const hash = hashSql(column, type);
  if (hash === undefined) throw new Error(`bucket of ${JSON.stringify(type)}`);
  return `CASE WHEN ${column} IS NULL THEN NULL ELSE ((${hash} & 2147483647::UBIGINT) % ${buckets})::INTEGER END`;
}
