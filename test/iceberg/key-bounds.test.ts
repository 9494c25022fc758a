import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { filesWithinKeyBounds } from '../../src/iceberg/scan/key-bounds.js';
import { liveFiles } from '../../src/iceberg/scan/live-files.js';
import { newWarehouse } from './support.js';

const id = { namespace: ['k'], name: 'trips' };
/** Ten rows a file: ids from*10…from*10+9, a day each, a name and a timestamp growing with the id. */
const batch = (from: number) => `SELECT (${from * 10} + range)::BIGINT AS id,
  DATE '2024-01-01' + ${from}::INTEGER AS day,
  'n' || lpad((${from * 10} + range)::VARCHAR, 4, '0') AS name,
  TIMESTAMP '2024-01-01' + to_minutes(${from * 10} + range) AS seen_at,
  (${from * 10} + range) / 3.0 AS ratio
FROM range(10)`;

async function fiveFiles() {
  const wh = await newWarehouse();
  const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: batch(0) });
  for (const from of [0, 1, 2, 3, 4]) await table.append(wh.conn, batch(from));
  await wh.conn.run(
    `CREATE TEMP TABLE keys (id BIGINT, day DATE, name VARCHAR, seen_at TIMESTAMP, ratio DOUBLE)`,
  );
  const files = liveFiles(table.currentSnapshot, { metrics: true });
  /** Which of the five files (0…4, by first id) may hold the staged keys of `columns`. */
  const kept = async (values: string, columns: readonly string[]) => {
    await wh.conn.run('DELETE FROM keys');
    await wh.conn.run(`INSERT INTO keys SELECT * FROM (VALUES ${values})`);
    const found = await filesWithinKeyBounds(wh.conn, table.schema, files, 'keys', columns);
    const firstIds = await Promise.all(
      found.map(async (f) => {
        const path = f.entry.dataFile.filePath.replace('file://', '');
        return Number((await wh.rows(`SELECT min(id) AS m FROM '${path}'`))[0]!['m']) / 10;
      }),
    );
    return firstIds.sort();
  };
  return { kept };
}

const row = (n: number) =>
  `(${n}, DATE '2024-01-01' + ${Math.floor(n / 10)}, 'n${String(n).padStart(4, '0')}', TIMESTAMP '2024-01-01' + to_minutes(${n}), ${n / 3})`;

describe('files within the key bounds of staged keys', () => {
  it('keeps only the files around each cluster of keys, for long, date, string and timestamp keys', async () => {
    const { kept } = await fiveFiles();
    // Keys 5 and 43: one range over them (5…43) would keep every file; the bounds keep two.
    const values = `${row(5)}, ${row(43)}`;
    expect(await kept(values, ['id'])).toEqual([0, 4]);
    expect(await kept(values, ['day'])).toEqual([0, 4]);
    expect(await kept(values, ['name'])).toEqual([0, 4]);
    expect(await kept(values, ['seen_at'])).toEqual([0, 4]);
    // A composite key matches a file only when every column lies within its bounds.
    expect(await kept(`(5, DATE '2024-01-05', 'x', NULL, 0)`, ['id', 'day'])).toEqual([]);
    expect(await kept(`${row(100)}`, ['id'])).toEqual([]);
  });

  it('keeps every file for keys it does not compare (doubles) and matches nothing for NULL keys', async () => {
    const { kept } = await fiveFiles();
    expect(await kept(row(5), ['ratio'])).toEqual([0, 1, 2, 3, 4]);
    expect(await kept(`(NULL, NULL, NULL, NULL, NULL)`, ['id'])).toEqual([]);
  });
});
