import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { PARTITION_ROW_GROUP_ROWS } from '../../src/iceberg/write-data.js';
import { newWarehouse } from './support.js';

const TRIPS = (days: number, offset = 0) =>
  `SELECT range::INTEGER AS id, TIMESTAMP '2024-03-01 08:00:00' + to_days((range % ${days})::INTEGER + ${offset}) AS pickup_at,
   ['CMT', 'VTS'][1 + range % 2] AS vendor, (range * 2.5)::DOUBLE AS fare FROM range(${days * 4})`;

async function partitionedTable() {
  const wh = await newWarehouse();
  const table = await IcebergTable.create(
    wh.catalog,
    { namespace: ['bronze'], name: 'trips' },
    {
      conn: wh.conn,
      sql: TRIPS(1),
      partitionBy: [{ column: 'pickup_at', transform: 'day' }],
    },
  );
  await table.append(wh.conn, TRIPS(5));
  return { wh, table };
}

describe('partitions', () => {
  it('prunes files by partition values and column bounds for a filter, never dropping a match', async () => {
    const { wh, table } = await partitionedTable();
    expect(table.scan().files.length).toBe(5);
    const oneDay = table.scan({ filter: [{ column: 'pickup_at', op: '>=', value: '2024-03-05 00:00:00' }] });
    expect(oneDay.files.length).toBe(1);
    const count = async (sql: string, where: string) =>
      Number((await wh.rows(`SELECT count(*) AS n FROM (${sql}) WHERE ${where}`))[0]!['n']);
    expect(await count(oneDay.sql, "pickup_at >= TIMESTAMP '2024-03-05'")).toBe(
      await count(table.scan().sql, "pickup_at >= TIMESTAMP '2024-03-05'"),
    );
    expect(
      table.scan({
        filter: [
          { column: 'pickup_at', op: 'between', low: '2024-03-02 00:00:00', high: '2024-03-03 23:00:00' },
        ],
      }).files.length,
    ).toBe(2);
    expect(table.scan({ filter: [{ column: 'id', op: '=', value: 1_000_000 }] }).files.length).toBe(0);
    expect(table.scan({ filter: [{ column: 'fare', op: '<', value: 0 }] }).files.length).toBe(0);
  });

  it('replaces only the partitions new rows touch (insert_overwrite)', async () => {
    const { wh, table } = await partitionedTable();
    const before = await wh.rows(
      `SELECT pickup_at::DATE AS d, count(*) AS n FROM (${table.scan().sql}) GROUP BY 1 ORDER BY 1`,
    );
    expect(before.map((r) => Number(r['n']))).toEqual([4, 4, 4, 4, 4]);
    await table.replacePartitions(
      wh.conn,
      `SELECT 999::INTEGER AS id, TIMESTAMP '2024-03-02 09:00:00' AS pickup_at, 'NEW' AS vendor, 1.0::DOUBLE AS fare`,
    );
    const after = await wh.rows(
      `SELECT pickup_at::DATE::VARCHAR AS d, count(*) AS n, max(vendor) AS v FROM (${table.scan().sql}) GROUP BY 1 ORDER BY 1`,
    );
    expect(after).toEqual([
      { d: '2024-03-01', n: '4', v: 'VTS' },
      { d: '2024-03-02', n: '1', v: 'NEW' },
      { d: '2024-03-03', n: '4', v: 'VTS' },
      { d: '2024-03-04', n: '4', v: 'VTS' },
      { d: '2024-03-05', n: '4', v: 'VTS' },
    ]);
    expect(table.currentSnapshot?.summary['deleted-data-files']).toBe('1');
  });

  it.each([
    ['BIGINT', 'range::BIGINT'],
    ['TIMESTAMP', "TIMESTAMP '2024-01-01 10:00:00.123456' + to_days(range::INTEGER)"],
  ])('replaces identity partitions of a %s column (longs read back from a manifest)', async (_type, expr) => {
    const wh = await newWarehouse();
    const rows = `SELECT range::INTEGER AS v, ${expr} AS k FROM range(3)`;
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['p'], name: 'by_long' },
      { conn: wh.conn, sql: rows, partitionBy: [{ column: 'k', transform: 'identity' }] },
    );
    await table.append(wh.conn, rows);
    await table.replacePartitions(wh.conn, `SELECT * FROM (${rows}) WHERE v = 1`);
    const after = await wh.rows(`SELECT v, count(*) AS n FROM (${table.scan().sql}) GROUP BY v ORDER BY v`);
    expect(after.map((r) => [Number(r['v']), Number(r['n'])])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it("keeps the string 'NULL' apart from a NULL partition", async () => {
    const wh = await newWarehouse();
    const rows = `SELECT * FROM (VALUES (1, 'NULL'), (2, NULL), (3, 'x')) t(id, vendor)`;
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['p'], name: 'null_text' },
      { conn: wh.conn, sql: rows, partitionBy: [{ column: 'vendor', transform: 'identity' }] },
    );
    await table.append(wh.conn, rows);
    const ids = async (filter: Parameters<typeof table.scan>[0]) =>
      (await wh.rows(`SELECT id FROM (${table.scan(filter).sql}) ORDER BY id`)).map((r) => Number(r['id']));
    expect(await ids({ filter: [{ column: 'vendor', op: '=', value: 'NULL' }] })).toContain(1);
    expect(await ids({ filter: [{ column: 'vendor', op: 'is null' }] })).not.toContain(1);
  });

  it('writes partition files in row groups of at most PARTITION_ROW_GROUP_ROWS rows (bounded writer memory)', async () => {
    const { wh, table } = await partitionedTable();
    const rows = 2 * PARTITION_ROW_GROUP_ROWS + 1;
    await table.append(
      wh.conn,
      `SELECT range::INTEGER AS id, TIMESTAMP '2024-04-01 08:00:00' AS pickup_at, 'CMT' AS vendor, 1.0::DOUBLE AS fare FROM range(${rows})`,
    );
    const files = table.scan({
      filter: [{ column: 'pickup_at', op: '>=', value: '2024-04-01 00:00:00' }],
    }).files;
    expect(files.length).toBe(1);
    const path = files[0]!.entry.dataFile.filePath.replace(/^file:\/\//, '');
    const groups = await wh.rows(
      `SELECT row_group_id, max(row_group_num_rows) AS n FROM parquet_metadata('${path}') GROUP BY 1 ORDER BY 1`,
    );
    const sizes = groups.map((g) => Number(g['n']));
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(PARTITION_ROW_GROUP_ROWS);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(rows);
  });
});
