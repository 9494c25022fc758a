import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTable, fromUri, IcebergTable, openTable } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(resolve(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const worker = (name: string) => resolve(import.meta.dirname, 'workers', name);
const id = { namespace: ['race'], name: 't' };

describe('concurrent writers', () => {
  it('lands every append when two processes commit at the same time', async () => {
    const wh = await newWarehouse();
    await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: 'SELECT 1::INTEGER AS v' });
    const start = join(wh.dir, 'go');
    const run = (offset: number) =>
      new Promise<number>((done) => {
        const child = spawn(
          process.execPath,
          ['--import', TSX, worker('append-worker.ts'), wh.dir, start, String(offset), '5'],
          { stdio: 'inherit' },
        );
        child.on('exit', (code) => done(code ?? -1));
      });
    const children = [run(0), run(10_000)];
    await new Promise((done) => setTimeout(done, 1500));
    writeFileSync(start, '');
    expect(await Promise.all(children)).toEqual([0, 0]);
    const table = IcebergTable.load(wh.catalog, id)!;
    expect(table.snapshots().length).toBe(10);
    const totals = await wh.rows(`SELECT count(*) AS n, count(DISTINCT v) AS d FROM (${table.scan().sql})`);
    expect([Number(totals[0]!['n']), Number(totals[0]!['d'])]).toEqual([100, 100]);
  }, 60_000);

  it('fails an overwrite that lost the race with a clear conflict error, losing nothing', async () => {
    const wh = await newWarehouse();
    await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: 'SELECT 1::INTEGER AS v' });
    const writerA = IcebergTable.load(wh.catalog, id)!;
    const writerB = IcebergTable.load(wh.catalog, id)!;
    await writerA.append(wh.conn, 'SELECT 1::INTEGER AS v');
    await expect(writerB.overwrite(wh.conn, 'SELECT 2::INTEGER AS v')).rejects.toMatchObject({
      code: 'LDP520',
      message: expect.stringContaining('conflicts with a concurrent commit'),
    });
    const table = IcebergTable.load(wh.catalog, id)!;
    expect(await wh.rows(`SELECT v FROM (${table.scan().sql})`)).toEqual([{ v: 1 }]);
  });

  it('re-applies an append on top of a concurrent commit', async () => {
    const wh = await newWarehouse();
    await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: 'SELECT 1::INTEGER AS v' });
    const writerA = IcebergTable.load(wh.catalog, id)!;
    const writerB = IcebergTable.load(wh.catalog, id)!;
    await writerA.append(wh.conn, 'SELECT 1::INTEGER AS v');
    await writerB.append(wh.conn, 'SELECT 2::INTEGER AS v');
    const table = IcebergTable.load(wh.catalog, id)!;
    expect((await wh.rows(`SELECT v FROM (${table.scan().sql}) ORDER BY v`)).map((r) => r['v'])).toEqual([
      1, 2,
    ]);
  });

  it('gives up after the allowed commit attempts, naming the table and the winning snapshot', async () => {
    const wh = await newWarehouse();
    await createTable(wh.catalog, id, { conn: wh.conn, columns: [{ name: 'v', type: 'INTEGER' }] });
    const stale = openTable(wh.catalog, id)!;
    const winner = await openTable(wh.catalog, id)!.append(wh.conn, 'SELECT 1::INTEGER AS v');
    await expect(
      stale.append(wh.conn, 'SELECT 2::INTEGER AS v', { maxCommitAttempts: 1 }),
    ).rejects.toMatchObject({
      code: 'LDP520',
      message: `commit to race.t conflicts with a concurrent commit (snapshot ${winner.snapshotId} won): other writers kept committing (gave up after 1 commit attempts)`,
    });
    expect(
      openTable(wh.catalog, id)!
        .snapshots()
        .map((s) => s['snapshot-id']),
    ).toEqual([winner.snapshotId]);
  });

  it('a process killed between writing data and committing leaves the previous snapshot readable', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: 'SELECT 1::INTEGER AS v' });
    await table.append(wh.conn, 'SELECT 7::INTEGER AS v');
    const written = await new Promise<string[]>((done, fail) => {
      const child = spawn(process.execPath, ['--import', TSX, worker('crash-worker.ts'), wh.dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.on('data', (chunk: Buffer) => {
        child.kill('SIGKILL');
        done(JSON.parse(chunk.toString()) as string[]);
      });
      child.on('error', fail);
    });
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((f) => existsSync(fromUri(f)))).toBe(true);
    const after = IcebergTable.load(wh.catalog, id)!;
    expect(after.currentSnapshot?.['snapshot-id']).toBe(table.currentSnapshot?.['snapshot-id']);
    expect(await wh.rows(`SELECT v FROM (${after.scan().sql})`)).toEqual([{ v: 7 }]);
    // The files of the killed write are orphans: nothing references them, and removal finds them.
    const removed = after.removeOrphanFiles({ olderThanMs: Date.now() + 1000 });
    expect(removed.sort()).toEqual(written.map(fromUri).sort());
  }, 60_000);
});
