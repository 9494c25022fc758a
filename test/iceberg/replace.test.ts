import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

const id = { namespace: ['r'], name: 'orders' };
const batch = (from: number, n: number) =>
  `SELECT (${from} + range)::BIGINT AS region, (range % 2)::INTEGER AS shard, 'v0' AS version FROM range(${n})`;

const paths = (table: IcebergTable) => new Set(table.scan().files.map((f) => f.entry.dataFile.filePath));

describe('copy-on-write replace', () => {
  it('replaces rows by a composite key, rewriting only files whose bounds can match', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: batch(0, 0) });
    for (const from of [0, 100, 200]) await table.append(wh.conn, batch(from, 10));
    const before = paths(table);
    const result = await table.replaceByKeys(
      wh.conn,
      `SELECT * FROM (VALUES (105::BIGINT, 1, 'v1'), (106::BIGINT, 1, 'v1'), (999::BIGINT, 0, 'new')) AS t(region, shard, version)`,
      ['region', 'shard'],
    );
    // (105, 1) exists, (106, 1) does not (106 is in shard 0): one row replaced, two added.
    expect([result.deletedRecords, result.addedRecords]).toEqual([10, 12]);
    const after = paths(table);
    expect([...before].filter((p) => after.has(p)).length).toBe(2);
    const rows = await wh.rows(
      `SELECT region::INTEGER AS region, shard, version FROM (${table.scan().sql}) WHERE version <> 'v0' OR region IN (105, 106) ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { region: 105, shard: 1, version: 'v1' },
      { region: 106, shard: 0, version: 'v0' },
      { region: 106, shard: 1, version: 'v1' },
      { region: 999, shard: 0, version: 'new' },
    ]);
    expect(Number((await wh.rows(`SELECT count(*) AS n FROM (${table.scan().sql})`))[0]!['n'])).toBe(32);
    const onlyNullKeys = await table.replaceByKeys(
      wh.conn,
      `SELECT NULL::BIGINT AS region, 0 AS shard, 'x' AS version`,
      ['region', 'shard'],
    );
    expect([onlyNullKeys.deletedRecords, onlyNullKeys.addedRecords]).toEqual([0, 1]);
  });

  it('replaces rows by key from a table the connection holds, leaving that table to its owner', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: batch(0, 0) });
    for (const from of [0, 100]) await table.append(wh.conn, batch(from, 10));
    await wh.conn.run(
      `CREATE TEMP TABLE run_batch AS SELECT * FROM (VALUES (3::BIGINT, 1, 'v1'), (500::BIGINT, 0, 'new')) AS t(region, shard, version)`,
    );
    const result = await table.replaceByKeysFrom(wh.conn, 'run_batch', ['region', 'shard']);
    // (3, 1) replaces the row of the first file only; the second file is not rewritten.
    expect([result.deletedRecords, result.addedRecords]).toEqual([10, 11]);
    expect(
      await wh.rows(
        `SELECT region::INTEGER AS region, version FROM (${table.scan().sql}) WHERE version <> 'v0' ORDER BY 1`,
      ),
    ).toEqual([
      { region: 3, version: 'v1' },
      { region: 500, version: 'new' },
    ]);
    expect(Number((await wh.rows(`SELECT count(*) AS n FROM (${table.scan().sql})`))[0]!['n'])).toBe(21);
    // The caller's table is still there for it to count or drop.
    expect(await wh.rows('SELECT count(*)::INTEGER AS n FROM run_batch')).toEqual([{ n: 2 }]);
  });

  it('replaces whole partitions the new rows touch, without reading old data', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: batch(0, 0),
      partitionBy: [{ column: 'shard', transform: 'identity' }],
    });
    await table.append(wh.conn, batch(0, 10));
    const result = await table.replacePartitions(
      wh.conn,
      `SELECT 7::BIGINT AS region, 1 AS shard, 'v1' AS version`,
    );
    expect([result.deletedRecords, result.addedRecords]).toEqual([5, 1]);
    expect(
      await wh.rows(`SELECT shard, count(*)::INTEGER AS n FROM (${table.scan().sql}) GROUP BY 1 ORDER BY 1`),
    ).toEqual([
      { shard: 0, n: 5 },
      { shard: 1, n: 1 },
    ]);
  });

  it('re-applies a replace when a concurrent commit left its partitions alone, refuses otherwise', async () => {
    const wh = await newWarehouse();
    await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: batch(0, 0),
      partitionBy: [{ column: 'shard', transform: 'identity' }],
    });
    await IcebergTable.load(wh.catalog, id)!.append(wh.conn, batch(0, 10));
    const writer = IcebergTable.load(wh.catalog, id)!;
    await IcebergTable.load(wh.catalog, id)!.append(
      wh.conn,
      `SELECT 50::BIGINT AS region, 0 AS shard, 'other' AS version`,
    );
    await writer.replacePartitions(wh.conn, `SELECT 7::BIGINT AS region, 1 AS shard, 'v1' AS version`);
    const rows = await wh.rows(
      `SELECT shard, count(*)::INTEGER AS n FROM (${writer.scan().sql}) GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { shard: 0, n: 6 },
      { shard: 1, n: 1 },
    ]);
    const late = IcebergTable.load(wh.catalog, id)!;
    const winner = await IcebergTable.load(wh.catalog, id)!.append(
      wh.conn,
      `SELECT 60::BIGINT AS region, 1 AS shard, 'other' AS version`,
    );
    await expect(
      late.replacePartitions(wh.conn, `SELECT 8::BIGINT AS region, 1 AS shard, 'v2' AS version`),
    ).rejects.toMatchObject({
      code: 'LDP520',
      message: expect.stringContaining(`snapshot ${winner.snapshotId} won`),
    });
    const final = IcebergTable.load(wh.catalog, id)!;
    expect(final.currentSnapshot?.['snapshot-id']).toBe(winner.snapshotId);
  });
});
