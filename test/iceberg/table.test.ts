import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

const id = { namespace: ['silver'], name: 'orders' };
const rowsOf = (n: number, offset = 0) =>
  `SELECT (range + ${offset})::BIGINT AS id, 'o' || (range + ${offset}) AS name, (range * 1.5)::DECIMAL(10,2) AS amount FROM range(${n})`;

describe('Iceberg table operations', () => {
  it('appends, overwrites and reads each snapshot back', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: rowsOf(0) });
    const first = await table.append(wh.conn, rowsOf(10));
    const second = await table.append(wh.conn, rowsOf(5, 100));
    expect(first.addedRecords).toBe(10);
    const count = async (sql: string) =>
      Number((await wh.rows(`SELECT count(*) AS n, sum(id) AS s FROM (${sql})`))[0]!['n']);
    expect(await count(table.scan().sql)).toBe(15);
    expect(await count(table.scan({ snapshotId: first.snapshotId }).sql)).toBe(10);
    const third = await table.overwrite(wh.conn, rowsOf(3));
    expect(third.deletedRecords).toBe(15);
    expect(await count(table.scan().sql)).toBe(3);
    expect(await count(table.scan({ snapshotId: second.snapshotId }).sql)).toBe(15);
    expect(table.snapshots().map((s) => s.summary.operation)).toEqual(['append', 'append', 'overwrite']);
    expect(table.currentSnapshot?.summary['total-records']).toBe('3');
    const reloaded = IcebergTable.load(wh.catalog, id)!;
    expect(reloaded.currentSnapshot?.['snapshot-id']).toBe(third.snapshotId);
  });

  it('replaces rows by predicate and by key with copy-on-write, touching only matching files', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: rowsOf(0) });
    await table.append(wh.conn, rowsOf(10));
    await table.append(wh.conn, rowsOf(10, 100));
    const result = await table.replaceWhere(
      wh.conn,
      'id >= 105',
      `SELECT 999::BIGINT AS id, 'new' AS name, 1.00::DECIMAL(10,2) AS amount`,
    );
    expect(result.deletedRecords).toBe(10);
    const ids = (await wh.rows(`SELECT id FROM (${table.scan().sql}) ORDER BY id`)).map((r) =>
      Number(r['id']),
    );
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 101, 102, 103, 104, 999]);
    await table.replaceByKeys(
      wh.conn,
      `SELECT 3::BIGINT AS id, 'three' AS name, 3.00::DECIMAL(10,2) AS amount`,
      ['id'],
    );
    const three = await wh.rows(`SELECT name FROM (${table.scan().sql}) WHERE id = 3`);
    expect(three).toEqual([{ name: 'three' }]);
    expect(Number((await wh.rows(`SELECT count(*) AS n FROM (${table.scan().sql})`))[0]!['n'])).toBe(16);
  });

  it('evolves the schema: new columns read as NULL in old files, ids are never reused', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: 'SELECT 1::INTEGER AS a, 2::INTEGER AS b',
    });
    await table.append(wh.conn, 'SELECT 1::INTEGER AS a, 2::INTEGER AS b');
    await table.append(wh.conn, 'SELECT 3::BIGINT AS a, 4::INTEGER AS b, 5::INTEGER AS c');
    expect(table.schema.fields.map((f) => [f.name, f.id, f.type])).toEqual([
      ['a', 1, 'long'],
      ['b', 2, 'int'],
      ['c', 3, 'int'],
    ]);
    expect(await wh.rows(`SELECT a, b, c FROM (${table.scan().sql}) ORDER BY a`)).toEqual([
      { a: '1', b: 2, c: null },
      { a: '3', b: 4, c: 5 },
    ]);
    await table.overwrite(wh.conn, 'SELECT 7::BIGINT AS a, 8::INTEGER AS d');
    expect(table.schema.fields.map((f) => [f.name, f.id])).toEqual([
      ['a', 1],
      ['d', 4],
    ]);
  });

  it('time travels by timestamp and tag, and rolls back', async () => {
    let clock = 1_000;
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: rowsOf(0),
      now: () => clock,
    });
    clock = 2_000;
    const first = await table.append(wh.conn, rowsOf(2));
    clock = 3_000;
    await table.append(wh.conn, rowsOf(2, 10));
    table.tag('v1', first.snapshotId);
    const count = async (sql: string) =>
      Number((await wh.rows(`SELECT count(*) AS n FROM (${sql})`))[0]!['n']);
    expect(await count(table.scan({ asOfMs: 2_500 }).sql)).toBe(2);
    expect(await count(table.scan({ tag: 'v1' }).sql)).toBe(2);
    clock = 4_000;
    table.rollbackTo(first.snapshotId);
    expect(await count(table.scan().sql)).toBe(2);
    expect(table.metadata['snapshot-log'].length).toBe(3);
    expect(() => table.scan({ snapshotId: 42n })).toThrowError(/snapshot 42 does not exist/);
  });

  it('reads an empty table as a typed, empty relation', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: rowsOf(0) });
    const described = await wh.rows(`DESCRIBE ${table.scan().sql}`);
    expect(described.map((r) => [r['column_name'], r['column_type']])).toEqual([
      ['id', 'BIGINT'],
      ['name', 'VARCHAR'],
      ['amount', 'DECIMAL(10,2)'],
    ]);
  });

  it('partitions by day and identity, with partition values in the manifests', async () => {
    const wh = await newWarehouse();
    const sql = `SELECT range::INTEGER AS id, TIMESTAMP '2024-01-01 12:00:00' + to_days((range % 3)::INTEGER) AS ts, ['a', 'b'][1 + range % 2] AS vendor FROM range(12)`;
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql,
      partitionBy: [
        { column: 'ts', transform: 'day' },
        { column: 'vendor', transform: 'identity' },
      ],
    });
    await table.append(wh.conn, sql);
    const files = table.scan().files;
    expect(files.length).toBe(6);
    const values = files.map((f) => Object.values(f.entry.dataFile.partition).join('/')).sort();
    expect(values).toEqual(['19723/a', '19723/b', '19724/a', '19724/b', '19725/a', '19725/b']);
    expect(Number((await wh.rows(`SELECT count(*) AS n FROM (${table.scan().sql})`))[0]!['n'])).toBe(12);
  });
});
