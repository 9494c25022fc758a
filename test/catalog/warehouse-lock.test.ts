import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { freshCatalog } from './support.js';

const TSX = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

describe('warehouse lock', () => {
  it('makes a second acquirer wait, then gives it the lock after release', async () => {
    const { dir, catalog: first } = freshCatalog();
    const second = openCatalog({ warehousePath: dir });
    const held = await first.acquireWarehouseLock({ owner: 'run A' });
    expect(held).toMatchObject({ owner: 'run A', pid: process.pid, host: hostname() });
    let acquired = false;
    const waiting = second
      .acquireWarehouseLock({ owner: 'run B', waitMs: 30_000, pollMs: 5 })
      .then((lock) => {
        acquired = true;
        return lock;
      });
    await new Promise((done) => setTimeout(done, 30));
    expect(acquired).toBe(false);
    expect(second.readWarehouseLock()?.owner).toBe('run A');
    held.release();
    const lock = await waiting;
    expect(lock.owner).toBe('run B');
    expect(first.readWarehouseLock()?.owner).toBe('run B');
    lock.release();
    expect(first.readWarehouseLock()).toBeUndefined();
  });

  it('fails clearly after waitMs, naming the holder', async () => {
    const { dir, catalog: first } = freshCatalog();
    await first.acquireWarehouseLock({ owner: 'ldp run (taxi)' });
    const second = openCatalog({ warehousePath: dir });
    await expect(
      second.acquireWarehouseLock({ owner: 'ldp build', waitMs: 40, pollMs: 10 }),
    ).rejects.toMatchObject({
      code: 'LDP546',
      message: expect.stringMatching(
        new RegExp(`is locked by 'ldp run \\(taxi\\)' \\(pid ${process.pid} on ${hostname()}, since .+\\)$`),
      ),
    });
    await expect(second.acquireWarehouseLock({ owner: 'ldp build' })).rejects.toThrowError(/is locked by/);
  });

  it('takes over a lock whose holder process on this host is gone', async () => {
    const { dir, catalog: first } = freshCatalog();
    const pid = await deadPid();
    await first.acquireWarehouseLock({ owner: 'crashed run', pid });
    first.db.close();
    const second = openCatalog({ warehousePath: dir });
    const lock = await second.acquireWarehouseLock({ owner: 'next run' });
    expect(lock).toMatchObject({ owner: 'next run', pid: process.pid });
  });

  it('waits for a holder on another host, whose pid cannot be checked, until the lock is broken', async () => {
    const { catalog } = freshCatalog();
    catalog.db
      .prepare("INSERT INTO ldp_locks VALUES ('warehouse', 'tok', 'remote run', ?, 'other-host', 'then')")
      .run(await deadPid());
    await expect(
      catalog.acquireWarehouseLock({ owner: 'local', waitMs: 20, pollMs: 5 }),
    ).rejects.toThrowError(/pid \d+ on other-host/);
    expect(catalog.breakWarehouseLock()).toMatchObject({ owner: 'remote run', host: 'other-host' });
    expect((await catalog.acquireWarehouseLock({ owner: 'local' })).owner).toBe('local');
  });

  it('releases only its own lock, once, and on close', async () => {
    const { dir, catalog: first } = freshCatalog();
    const old = await first.acquireWarehouseLock({ owner: 'old' });
    first.breakWarehouseLock();
    const second = openCatalog({ warehousePath: dir });
    await second.acquireWarehouseLock({ owner: 'new' });
    old.release();
    old.release();
    expect(first.readWarehouseLock()?.owner).toBe('new');
    second.close();
    expect(first.readWarehouseLock()).toBeUndefined();
  });

  it('is taken over after the holding process is killed', async () => {
    const { dir, catalog } = freshCatalog();
    const worker = spawn(
      process.execPath,
      ['--import', TSX, resolve(import.meta.dirname, 'workers/lock-worker.ts'), dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((done) =>
      worker.stdout.on('data', (chunk: Buffer) => chunk.includes('locked') && done()),
    );
    await expect(catalog.acquireWarehouseLock({ owner: 'ldp run' })).rejects.toThrowError(
      /locked by 'ldp run \(worker\)'/,
    );
    const exited = new Promise((done) => worker.on('exit', done));
    worker.kill('SIGKILL');
    await exited;
    const lock = await catalog.acquireWarehouseLock({ owner: 'ldp run' });
    expect(lock.owner).toBe('ldp run');
  }, 60_000);
});
