import { icebergRead } from 'icebird';
import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { withFileFetch } from './icebird-fetch.js';
import { newWarehouse } from './support.js';

const ROWS = `SELECT * FROM (VALUES
  (1, 'alpha', 10.25::DECIMAL(10,2), DATE '2024-01-01', TIMESTAMP '2024-01-01 10:00:00', true, 1.5::DOUBLE, 100::BIGINT),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, 'ünïcode ✓', -3.50::DECIMAL(10,2), DATE '1999-12-31', TIMESTAMP '2030-06-30 23:59:59', false, -0.0::DOUBLE, -5::BIGINT)
) AS t(id, name, amount, day, ts, flag, score, big)`;

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  return value;
}

describe('an independent reader (icebird)', () => {
  it('reads the same rows as DuckDB from every table ldp writes', async () => {
    const wh = await newWarehouse();
    const id = { namespace: ['bronze'], name: 'typed' };
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: ROWS });
    await table.append(wh.conn, ROWS);
    await table.replaceWhere(wh.conn, 'id = 2', undefined);
    const metadataFileName = table.metadataLocation.split('/').pop()!;
    const tableUrl = `file://${wh.dir}/bronze/typed`;
    const fromIcebird = await withFileFetch(() => icebergRead({ tableUrl, metadataFileName }));
    const fromDuckDb = await wh.rows(
      `SELECT id, name, amount::DOUBLE AS amount, day::VARCHAR AS day, strftime(ts, '%Y-%m-%dT%H:%M:%S.000Z') AS ts, flag, score, big FROM (${table.scan().sql}) ORDER BY id`,
    );
    const icebirdRows = (fromIcebird as Record<string, unknown>[])
      .map(
        (row): Record<string, unknown> =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normalize(v)])),
      )
      .map(
        (row): Record<string, unknown> => ({
          ...row,
          day: row['day'] === null ? null : String(row['day']).slice(0, 10),
        }),
      )
      .sort((a, b) => Number(a['id']) - Number(b['id']));
    const duckRows = fromDuckDb.map((row) => ({
      ...row,
      big: row['big'] === null ? null : Number(row['big']),
    }));
    expect(icebirdRows).toEqual(duckRows);
    expect(icebirdRows.map((r) => r['id'])).toEqual([1, 3]);
  });

  it('reads partitioned tables (bucket, day, truncate) and added columns as DuckDB does', async () => {
    const wh = await newWarehouse();
    const id = { namespace: ['bronze'], name: 'parts' };
    const first = `SELECT range::INTEGER AS id, TIMESTAMP '2024-05-01 06:00:00' + to_hours((range * 5)::INTEGER) AS ts,
      'code-' || (range % 4) AS code FROM range(40)`;
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: first,
      partitionBy: [
        { column: 'id', transform: 'bucket[3]' },
        { column: 'ts', transform: 'day' },
        { column: 'code', transform: 'truncate[6]' },
      ],
    });
    await table.append(wh.conn, first);
    await table.append(
      wh.conn,
      `SELECT 100 AS id, TIMESTAMP '2024-06-01 00:00:00' AS ts, 'code-9' AS code, 2.5::DOUBLE AS extra`,
    );
    const metadataFileName = table.metadataLocation.split('/').pop()!;
    const rows = await withFileFetch(() =>
      icebergRead({ tableUrl: `file://${wh.dir}/bronze/parts`, metadataFileName }),
    );
    const fromIcebird = (rows as Record<string, unknown>[])
      .map((r) => ({
        id: Number(r['id']),
        ts: (r['ts'] as Date).toISOString(),
        code: r['code'],
        extra: r['extra'] ?? null,
      }))
      .sort((a, b) => a.id - b.id);
    const fromDuckDb = await wh.rows(
      `SELECT id, strftime(ts, '%Y-%m-%dT%H:%M:%S.000Z') AS ts, code, extra FROM (${table.scan().sql}) ORDER BY id`,
    );
    expect(fromIcebird.length).toBe(41);
    expect(fromIcebird).toEqual(fromDuckDb);
  });
});
