import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromUri, IcebergTable } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

const id = { namespace: ['gold'], name: 'daily' };

describe('table maintenance', () => {
  it('expires old snapshots without deleting any file a kept snapshot reaches', async () => {
    let clock = 1_000;
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: 'SELECT 1::INTEGER AS v',
      now: () => clock,
    });
    const snapshots = [];
    for (let i = 0; i < 4; i++) {
      clock += 1_000;
      snapshots.push(await table.append(wh.conn, `SELECT ${i}::INTEGER AS v`));
    }
    clock += 1_000;
    await table.overwrite(wh.conn, 'SELECT 42::INTEGER AS v');
    table.tag('keep-me', snapshots[1]!.snapshotId);
    const before = table.scan({ tag: 'keep-me' }).files.map((f) => fromUri(f.entry.dataFile.filePath));
    const result = table.expireSnapshots({ olderThanMs: clock, retainLast: 1 });
    expect(result.expiredSnapshots).toBe(3);
    expect(table.snapshots().map((s) => s['snapshot-id'])).toEqual([
      snapshots[1]!.snapshotId,
      table.currentSnapshot!['snapshot-id'],
    ]);
    for (const path of before) expect(existsSync(path)).toBe(true);
    expect(
      Number((await wh.rows(`SELECT sum(v) AS s FROM (${table.scan({ tag: 'keep-me' }).sql})`))[0]!['s']),
    ).toBe(1);
    expect(Number((await wh.rows(`SELECT sum(v) AS s FROM (${table.scan().sql})`))[0]!['s'])).toBe(42);
    const expiredFile = fromUri(
      IcebergTable.load(wh.catalog, id)!.metadata['metadata-log'][0]!['metadata-file'],
    );
    expect(existsSync(expiredFile)).toBe(true);
  });

  it('drops the snapshot log up to the last expired snapshot, so time travel never answers with a kept older snapshot', async () => {
    let clock = 1_000;
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: 'SELECT 1::INTEGER AS v',
      now: () => clock,
    });
    const ids = [];
    for (let i = 1; i <= 3; i++) {
      clock += 1_000;
      ids.push((await table.append(wh.conn, `SELECT ${i}::INTEGER AS v`)).snapshotId);
    }
    table.tag('first', ids[0]!);
    clock += 1_000;
    table.expireSnapshots({ olderThanMs: clock, retainLast: 1 });
    expect(table.snapshots().map((s) => s['snapshot-id'])).toEqual([ids[0], ids[2]]);
    expect(table.metadata['snapshot-log'].map((e) => e['snapshot-id'])).toEqual([ids[2]]);
    // At 3,500 the second (expired) snapshot was current: no kept snapshot may stand in for it.
    expect(() => table.scan({ asOfMs: 3_500 })).toThrow(/as of/);
  });

  it('removes orphan files older than the safety window only', async () => {
    let clock = Date.now();
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: 'SELECT 1::INTEGER AS v',
      now: () => clock,
    });
    await table.append(wh.conn, 'SELECT 1::INTEGER AS v');
    const data = join(wh.dir, 'gold', 'daily', 'data');
    mkdirSync(data, { recursive: true });
    const old = join(data, 'crashed-write.parquet');
    const fresh = join(data, 'in-progress.parquet');
    writeFileSync(old, 'x');
    writeFileSync(fresh, 'x');
    const fourDaysAgo = (clock - 4 * 86_400_000) / 1000;
    utimesSync(old, fourDaysAgo, fourDaysAgo);
    clock = Date.now();
    expect(table.removeOrphanFiles()).toEqual([old]);
    expect(existsSync(fresh)).toBe(true);
    expect(Number((await wh.rows(`SELECT count(*) AS n FROM (${table.scan().sql})`))[0]!['n'])).toBe(1);
  });
});
