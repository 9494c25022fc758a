import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

const id = { namespace: ['s'], name: 'evolving' };

describe('schema evolution', () => {
  it('adds, drops, renames and widens columns explicitly; old files read by field id', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: 'SELECT 1::INTEGER AS n, 1.5::FLOAT AS f, 12.25::DECIMAL(6,2) AS d, 1 AS gone',
    });
    await table.append(
      wh.conn,
      'SELECT 1::INTEGER AS n, 1.5::FLOAT AS f, 12.25::DECIMAL(6,2) AS d, 1 AS gone',
    );
    const before = table.schema;
    table.evolveSchema([
      { widen: 'n', type: 'BIGINT' },
      { widen: 'f', type: 'DOUBLE' },
      { widen: 'd', type: 'DECIMAL(12,2)' },
      { rename: 'n', to: 'count' },
      { drop: 'gone' },
      { add: 'gone', type: 'VARCHAR' },
      { add: 'tags', type: 'VARCHAR[]' },
    ]);
    const after = IcebergTable.load(wh.catalog, id)!.schema;
    expect(after['schema-id']).toBe(before['schema-id'] + 1);
    expect(after.fields.map((f) => [f.name, f.id, f.type])).toEqual([
      ['count', 1, 'long'],
      ['f', 2, 'double'],
      ['d', 3, 'decimal(12, 2)'],
      ['gone', 5, 'string'],
      ['tags', 6, { type: 'list', 'element-id': 7, element: 'string', 'element-required': false }],
    ]);
    // The dropped column's data does not come back under the re-added name.
    expect(await wh.rows(`SELECT * FROM (${table.scan().sql})`)).toEqual([
      { count: '1', f: 1.5, d: '12.25', gone: null, tags: null },
    ]);
    expect(() => table.evolveSchema([{ widen: 'count', type: 'INTEGER' }])).toThrow(
      /cannot change type from long to int/,
    );
    expect(() => table.evolveSchema([{ drop: 'missing' }])).toThrow(/'missing' is not a column/);
    expect(() => table.evolveSchema([{ add: 'F', type: 'INTEGER' }])).toThrow(/'F' already exists/);
  });

  it('follows the query per mode: add-only, ignore, fail, sync', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: 'SELECT 1 AS a, 2 AS b' });
    await table.append(wh.conn, 'SELECT 1 AS a, 2 AS b');
    // Missing columns are written as NULL; new columns are added.
    await table.append(wh.conn, 'SELECT 3 AS a, 4 AS c');
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'c', 'b']);
    await table.append(wh.conn, 'SELECT 5 AS a, 6 AS d', { schemaMode: 'ignore' });
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'c', 'b']);
    expect(await wh.rows(`SELECT a, b, c FROM (${table.scan().sql}) ORDER BY a`)).toEqual([
      { a: 1, b: 2, c: null },
      { a: 3, b: null, c: 4 },
      { a: 5, b: null, c: null },
    ]);
    const snapshots = table.snapshots().length;
    await expect(
      table.append(wh.conn, "SELECT 7 AS a, 'x' AS e", { schemaMode: 'fail' }),
    ).rejects.toMatchObject({
      code: 'LDP508',
      message: expect.stringMatching(/new columns e; missing columns c, b/),
    });
    expect(table.snapshots().length).toBe(snapshots);
    await expect(table.append(wh.conn, "SELECT 'text' AS a")).rejects.toThrow(
      /'a' changed type from int to string/,
    );
    await table.overwrite(wh.conn, "SELECT 'text' AS a");
    expect(table.schema.fields.map((f) => [f.name, f.id, f.type])).toEqual([['a', 4, 'string']]);
  });
});
