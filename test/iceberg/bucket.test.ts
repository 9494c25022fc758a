import { describe, expect, it } from 'vitest';
import { bucketOf, IcebergTable, murmur3 } from '../../src/iceberg/index.js';
import { bucketSql } from '../../src/iceberg/partition/bucket-sql.js';
import { hashInput } from '../../src/iceberg/partition/murmur3.js';
import type { IcebergType } from '../../src/iceberg/types.js';
import { newWarehouse } from './support.js';

const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

// Iceberg spec, Appendix B: "32-bit Hash Requirements" (value in Iceberg's representation,
// the same value as a DuckDB literal, and the hash the spec gives).
const SPEC_VECTORS: [IcebergType, unknown, string, number][] = [
  ['int', 34, '34::INTEGER', 2017239379],
  ['long', 34n, '34::BIGINT', 2017239379],
  ['decimal(9, 2)', 1420n, '14.20::DECIMAL(9,2)', -500754589],
  ['date', 17486, "DATE '2017-11-16'", -653330422],
  ['time', 81068000000n, "TIME '22:31:08'", -662762989],
  ['timestamp', micros('2017-11-16T22:31:08Z'), "TIMESTAMP '2017-11-16 22:31:08'", -2047944441],
  ['timestamp', micros('2017-11-16T22:31:08Z') + 1n, "TIMESTAMP '2017-11-16 22:31:08.000001'", -1207196810],
  ['timestamptz', micros('2017-11-16T22:31:08Z'), "TIMESTAMPTZ '2017-11-16 14:31:08-08:00'", -2047944441],
  ['string', 'iceberg', "'iceberg'", 1210000089],
  [
    'uuid',
    'f79c3e09-677c-4bbd-a479-3f349cb785e7',
    "'f79c3e09-677c-4bbd-a479-3f349cb785e7'::UUID",
    1488055340,
  ],
  ['binary', Uint8Array.of(0, 1, 2, 3), "'\\x00\\x01\\x02\\x03'::BLOB", -188683207],
];

// A prime above any bucket count used, so the bucket reveals the whole 31-bit hash modulo it.
const WIDE = 1_000_003;

describe('bucket transform (Murmur3)', () => {
  it('hashes every type as the Iceberg spec example values', () => {
    for (const [type, value, , hash] of SPEC_VECTORS) {
      expect(murmur3(hashInput(type, value)!), `${type} ${String(value)}`).toBe(hash);
      expect(bucketOf(type, value, WIDE)).toBe((hash & 0x7fffffff) % WIDE);
    }
  });

  it('computes the same buckets inside DuckDB, for the spec values and many others', async () => {
    const wh = await newWarehouse();
    for (const [type, , sql, hash] of SPEC_VECTORS) {
      const rows = await wh.rows(`SELECT ${bucketSql('x', type, WIDE)} AS b FROM (SELECT ${sql} AS x)`);
      expect(rows[0]!['b'], `${type} ${sql}`).toBe((hash & 0x7fffffff) % WIDE);
    }
    const longs = await wh.rows(
      `SELECT x::VARCHAR AS x, ${bucketSql('x', 'long', WIDE)} AS b FROM (SELECT (range * 7919 - 50000) * 1234567 AS x FROM range(200))`,
    );
    for (const row of longs) expect(row['b']).toBe(bucketOf('long', BigInt(String(row['x'])), WIDE));
    const strings = await wh.rows(
      `SELECT x, ${bucketSql('x', 'string', WIDE)} AS b FROM (SELECT repeat('é✓a', range % 5) || range::VARCHAR AS x FROM range(60))`,
    );
    for (const row of strings) expect(row['b']).toBe(bucketOf('string', String(row['x']), WIDE));
    const nulls = await wh.rows(
      `SELECT ${bucketSql('x', 'string', 16)} AS b FROM (SELECT NULL::VARCHAR AS x)`,
    );
    expect(nulls[0]!['b']).toBeNull();
  });

  it('partitions by bucket and truncate, and prunes on equality', async () => {
    const wh = await newWarehouse();
    const sql = `SELECT range::BIGINT AS id, 'name-' || (range % 7) AS name FROM range(100)`;
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['b'], name: 'buckets' },
      {
        conn: wh.conn,
        sql,
        partitionBy: [
          { column: 'id', transform: 'bucket[4]' },
          { column: 'name', transform: 'truncate[6]' },
        ],
      },
    );
    await table.append(wh.conn, sql);
    const files = table.scan().files;
    const tuples = new Set(
      Array.from({ length: 100 }, (_, i) => `${bucketOf('long', BigInt(i), 4)}/name-${i % 7}`),
    );
    expect(files.length).toBe(tuples.size);
    expect(new Set(files.map((f) => Object.values(f.entry.dataFile.partition).join('/')))).toEqual(tuples);
    for (const file of files) {
      const rows = await wh.rows(
        `SELECT id::VARCHAR AS id, name FROM (${table.scan({ prune: (f) => f === file }).sql})`,
      );
      const [bucket, prefix] = Object.values(file.entry.dataFile.partition);
      for (const row of rows) {
        expect(bucketOf('long', BigInt(String(row['id'])), 4)).toBe(bucket);
        expect(String(row['name']).slice(0, 6)).toBe(prefix);
      }
    }
    const one = table.scan({ filter: [{ column: 'id', op: '=', value: 42 }] });
    expect(one.files.length).toBeLessThan(files.length);
    expect(await wh.rows(`SELECT id FROM (${one.sql}) WHERE id = 42`)).toEqual([{ id: '42' }]);
    const some = table.scan({ filter: [{ column: 'id', op: 'in', values: [1, 2, 3] }] });
    expect(await wh.rows(`SELECT count(*)::INTEGER AS n FROM (${some.sql}) WHERE id IN (1, 2, 3)`)).toEqual([
      { n: 3 },
    ]);
  });

  it('rejects a transform that does not fit the column type, naming both', async () => {
    const wh = await newWarehouse();
    const create = (column: string, transform: string) =>
      IcebergTable.create(
        wh.catalog,
        { namespace: ['b'], name: `bad_${column}` },
        {
          conn: wh.conn,
          sql: "SELECT 1.5::DOUBLE AS score, 'x' AS label",
          partitionBy: [{ column, transform: transform as 'identity' }],
        },
      );
    await expect(create('score', 'bucket[8]')).rejects.toMatchObject({
      code: 'LDP512',
      message: "cannot partition by bucket[8](score): column 'score' has type double",
    });
    await expect(create('label', 'year')).rejects.toThrow(/year\(label\).*type string/);
    await expect(create('label', 'truncate[0]')).rejects.toThrow(/truncate\[0\]\(label\)/);
  });
});
