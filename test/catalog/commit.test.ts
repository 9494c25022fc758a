import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { freshCatalog, writeMetadata } from './support.js';

const TSX = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const WORKER = resolve(import.meta.dirname, 'workers/swap-worker.ts');
const race = { namespace: ['race'], name: 't' };

/** Starts a worker; resolves `ready` once it has opened the catalog and `won` with its result. */
function startWorker(args: string[]): { ready: Promise<void>; won: Promise<boolean> } {
  const child = spawn(process.execPath, ['--import', TSX, WORKER, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((done) => {
    markReady = done;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.startsWith('ready\n')) markReady();
  });
  const won = new Promise<boolean>((done, fail) => {
    child.on('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) fail(new Error(`worker exited with ${code}: ${output}`));
      else done((JSON.parse(last) as { won: boolean }).won);
    });
  });
  return { ready, won };
}

describe('commit by compare-and-swap', () => {
  it('swaps when the expected location is current and records the previous one', () => {
    const { dir, catalog } = freshCatalog();
    const v0 = writeMetadata(dir, race, 0);
    const v1 = writeMetadata(dir, race, 1);
    catalog.registerTable(race, v0);
    expect(catalog.swapMetadataLocation(race, v0, v1)).toBe(true);
    expect(catalog.loadTable(race)).toEqual({
      identifier: race,
      metadataLocation: v1,
      previousMetadataLocation: v0,
    });
  });

  it('returns false for a stale expected location and changes nothing', () => {
    const { dir, catalog } = freshCatalog();
    catalog.registerTable(race, writeMetadata(dir, race, 0));
    catalog.swapMetadataLocation(race, catalog.currentMetadataLocation(race)!, 'file:///v1');
    const before = catalog.db.prepare('SELECT * FROM iceberg_tables').all();
    expect(catalog.swapMetadataLocation(race, writeMetadata(dir, race, 0), 'file:///v2')).toBe(false);
    expect(
      catalog.swapMetadataLocation({ namespace: ['race'], name: 'missing' }, 'file:///v1', 'file:///v2'),
    ).toBe(false);
    expect(catalog.db.prepare('SELECT * FROM iceberg_tables').all()).toEqual(before);
  });

  it('lets exactly one of two connections win the same swap', () => {
    const { dir, catalog } = freshCatalog();
    const v0 = writeMetadata(dir, race, 0);
    catalog.registerTable(race, v0);
    const second = openCatalog({ warehousePath: dir });
    const results = [
      catalog.swapMetadataLocation(race, v0, 'file:///a'),
      second.swapMetadataLocation(race, v0, 'file:///b'),
    ];
    expect(results).toEqual([true, false]);
    expect(second.currentMetadataLocation(race)).toBe('file:///a');
    second.close();
  });

  it('lets exactly one of two processes win the same swap', async () => {
    const { dir, catalog } = freshCatalog();
    const v0 = writeMetadata(dir, race, 0);
    catalog.registerTable(race, v0);
    const start = join(dir, 'go');
    const workers = [startWorker([dir, start, v0, 'file:///a']), startWorker([dir, start, v0, 'file:///b'])];
    await Promise.all(workers.map((w) => w.ready));
    writeFileSync(start, '');
    const won = await Promise.all(workers.map((w) => w.won));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = won[0] ? 'file:///a' : 'file:///b';
    expect(catalog.loadTable(race)).toMatchObject({ metadataLocation: winner, previousMetadataLocation: v0 });
  }, 60_000);
});
