import { describe, expect, it } from 'vitest';
import { IcebergTable, liveFiles } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

const ALL_TYPES = `SELECT
  true AS "bool", 1::TINYINT AS tiny, 2::SMALLINT AS small, 3::INTEGER AS "int", 4::BIGINT AS big,
  5::UTINYINT AS utiny, 6::UINTEGER AS uint, 12345678901234567890123456789::HUGEINT AS huge,
  1.5::FLOAT AS f, 2.5::DOUBLE AS d, 12345678901234567890123456789012345.678::DECIMAL(38,3) AS dec38, 1.25::DECIMAL(5,2) AS dec5,
  DATE '2024-02-29' AS dt, TIME '13:45:30.123456' AS tm, TIMESTAMP '2024-01-01 10:00:00.123456' AS ts,
  TIMESTAMPTZ '2024-01-01 10:00:00+00' AS tstz, TIMESTAMP_NS '2024-01-01 10:00:00.123456' AS tsns,
  'text' AS s, 'b'::ENUM('a', 'b') AS e, '\\x01\\x02'::BLOB AS bin, '4ac7a9e9-607c-4c8a-84f3-843f0191e3fd'::UUID AS u,
  {'x': 1, 'y': {'z': 'deep'}} AS st, [1, 2, NULL] AS lst, MAP {'k': 1.5} AS mp, [{'a': 1}] AS lst_of_struct,
  'spaced' AS "spaced name", 'ünï' AS "ünïcode", '{"action": "started"}'::JSON AS js`;

describe('type round-trip', () => {
  it('stores every DuckDB type Iceberg v2 can hold and reads the same values back', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['t'], name: 'all_types' },
      { conn: wh.conn, sql: ALL_TYPES },
    );
    await table.append(wh.conn, ALL_TYPES);
    // A row of typed NULLs: every column of ALL_TYPES, outer-joined to nothing.
    await table.append(wh.conn, `SELECT t.* FROM (SELECT 1) AS one LEFT JOIN (${ALL_TYPES}) AS t ON false`);
    const types = Object.fromEntries(
      table.schema.fields.map((f) => [f.name, typeof f.type === 'string' ? f.type : f.type.type]),
    );
    expect(types).toMatchObject({
      bool: 'boolean',
      tiny: 'int',
      small: 'int',
      int: 'int',
      big: 'long',
      utiny: 'int',
      uint: 'long',
      huge: 'decimal(38, 0)',
      f: 'float',
      d: 'double',
      dec38: 'decimal(38, 3)',
      dt: 'date',
      tm: 'time',
      ts: 'timestamp',
      tstz: 'timestamptz',
      tsns: 'timestamp',
      s: 'string',
      e: 'string',
      bin: 'binary',
      u: 'uuid',
      st: 'struct',
      lst: 'list',
      mp: 'map',
      'spaced name': 'string',
      ünïcode: 'string',
      js: 'string',
    });
    const widened =
      'tiny::INTEGER AS tiny, small::INTEGER AS small, utiny::INTEGER AS utiny, uint::BIGINT AS uint, huge::DECIMAL(38,0) AS huge, e::VARCHAR AS e, tsns::TIMESTAMP AS tsns, js::VARCHAR AS js';
    const expected = await wh.rows(`SELECT * REPLACE (${widened}) FROM (${ALL_TYPES})`);
    const actual = await wh.rows(`SELECT * FROM (${table.scan().sql}) WHERE "bool" IS NOT NULL`);
    expect(actual).toEqual(expected);
    const nulls = await wh.rows(
      `SELECT count(*) AS n FROM (${table.scan().sql}) WHERE "bool" IS NULL AND st IS NULL AND lst IS NULL`,
    );
    expect(Number(nulls[0]!['n'])).toBe(1);
  });

  it('rejects types Iceberg cannot hold, naming the column and type', async () => {
    const wh = await newWarehouse();
    await expect(
      IcebergTable.create(
        wh.catalog,
        { namespace: ['t'], name: 'bad' },
        { conn: wh.conn, sql: 'SELECT INTERVAL 1 DAY AS wait' },
      ),
    ).rejects.toThrowError("column 'wait' has type INTERVAL, which an Iceberg table cannot store");
    await expect(
      IcebergTable.create(
        wh.catalog,
        { namespace: ['t'], name: 'bad2' },
        { conn: wh.conn, sql: "SELECT {'n': TIMETZ '10:00:00+01'} AS nested" },
      ),
    ).rejects.toThrowError(/column 'nested.n' has type TIME WITH TIME ZONE/);
  });

  it('records column metrics and bounds for file pruning', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['t'], name: 'bounds' },
      { conn: wh.conn, sql: 'SELECT 1 AS a' },
    );
    await table.append(
      wh.conn,
      "SELECT range::INTEGER AS a, 'x' || range AS s, (range - 2.5)::DECIMAL(6,2) AS d, NULL::DOUBLE AS n FROM range(5)",
    );
    const file = liveFiles(table.currentSnapshot)[0]!.entry.dataFile;
    const ids = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.id]));
    expect(Buffer.from(file.lowerBounds.get(ids['a']!)!).readInt32LE()).toBe(0);
    expect(Buffer.from(file.upperBounds.get(ids['a']!)!).readInt32LE()).toBe(4);
    expect(Buffer.from(file.lowerBounds.get(ids['s']!)!).toString()).toBe('x0');
    // -2.50 unscaled is -250: two's complement big-endian, minimal bytes.
    expect([...file.lowerBounds.get(ids['d']!)!]).toEqual([0xff, 0x06]);
    expect(file.nullValueCounts.get(ids['n']!)).toBe(5);
    expect(file.valueCounts.get(ids['a']!)).toBe(5);
  });
});
