import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LdpError, relocate, rollback, show, snapshots, vacuum } from '../../../src/api/index.js';
import { openCatalog } from '../../../src/catalog/index.js';
import { fromUri } from '../../../src/iceberg/index.js';
import { walkFiles } from '../../../src/util/walk-files.js';
import { execute } from '../../support/lakehouse.js';
import { duck, eventsOf, options, runShop, shopProject } from './fixture.js';

/** Every file of a folder with the sha-256 of its bytes. */
function fingerprint(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of walkFiles(dir))
    files[path.slice(dir.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  return files;
}

/** The metadata file each table row of a project's catalog points at (local paths). */
function catalogRows(root: string): string[] {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return catalog.listAllTables().map((row) => fromUri(row.metadataLocation));
  } finally {
    catalog.close();
  }
}

async function shownTotal(root: string, snapshotId?: string): Promise<number> {
  const outputFile = join(root, 'shown.json');
  await show({
    ...options(root),
    select: ['orders'],
    limit: 0,
    output: 'json',
    outputFile,
    ...(snapshotId ? { snapshotId } : {}),
  });
  const [row] = await duck(`select sum(amount) as total from read_json('${outputFile}')`);
  return Number(row!['total']);
}

function copyOf(root: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'ldp-copy-')), 'project');
  cpSync(root, copy, { recursive: true });
  return copy;
}

describe('a copied project folder', () => {
  let original: string;
  let totals: number[];

  beforeAll(async () => {
    original = shopProject();
    for (const factor of [1, 2, 3]) await runShop(original, factor);
    totals = [];
    const { snapshots: history } = await snapshots({ ...options(original), model: 'orders' });
    for (const s of history) totals.push(await shownTotal(original, s.snapshotId));
    rmSync(join(original, 'shown.json'));
  }, 120_000);

  it('refuses to vacuum, run or roll back into the original warehouse, which stays byte for byte', async () => {
    const copy = copyOf(original);
    const before = fingerprint(original);

    const vacuumed = await vacuum({ ...options(copy), olderThan: '0s' }).catch((e: LdpError) => e);
    expect(vacuumed).toMatchObject({ code: 'LDP560' });
    expect((vacuumed as LdpError).message).toContain(join(original, 'warehouse', 'bronze', 'orders'));
    expect((vacuumed as LdpError).message).toContain(join(copy, 'warehouse'));
    expect((vacuumed as LdpError).hint).toContain('ldp relocate');
    const dryRun = await vacuum({ ...options(copy), olderThan: '0s', dryRun: true }).catch((e) => e);
    expect(dryRun).toMatchObject({ code: 'LDP560' });

    const reading = options(copy);
    await show({ ...reading, select: ['orders'], limit: 1 });
    const [warning] = eventsOf(reading.reporter, 'diagnostic');
    expect(warning?.diagnostic).toMatchObject({ code: 'LDP567', severity: 'warning' });
    expect(warning?.diagnostic.message).toContain('bronze.orders');

    const ran = await execute('run', copy, { select: ['orders'], vars: '{factor: 5}' });
    expect(ran.failed).toBe(true);
    expect(eventsOf(ran.reporter, 'diagnostic').map((e) => e.diagnostic.code)).toContain('LDP567');
    expect(ran.results.find((r) => r.uniqueId.endsWith('.orders'))?.error?.code).toBe('LDP560');

    const { snapshots: history } = await snapshots({ ...options(copy), model: 'orders' });
    const rolled = await rollback({ ...options(copy), model: 'orders', to: history[0]!.snapshotId }).catch(
      (e) => e,
    );
    expect(rolled).toMatchObject({ code: 'LDP560' });

    expect(fingerprint(original)).toEqual(before);
  }, 120_000);

  it('after `relocate`, works on its own files: runs, vacuums and time travels with the original gone', async () => {
    const copy = copyOf(original);
    const before = fingerprint(original);

    const planned = await relocate({ ...options(copy), dryRun: true });
    expect(planned.tables.map((t) => t.table)).toEqual(['bronze.orders']);
    expect(planned.tables[0]).toMatchObject({
      from: join(original, 'warehouse', 'bronze', 'orders'),
      to: join(copy, 'warehouse', 'bronze', 'orders'),
      snapshots: 3,
    });
    for (const row of catalogRows(copy)) expect(row.startsWith(join(original, 'warehouse'))).toBe(true);

    const wrongFrom = await relocate({ ...options(copy), from: join(copy, 'elsewhere') }).catch((e) => e);
    expect(wrongFrom).toMatchObject({ code: 'LDP564' });
    for (const row of catalogRows(copy)) expect(row.startsWith(join(original, 'warehouse'))).toBe(true);

    const done = await relocate(options(copy));
    expect(done.tables).toEqual(planned.tables);
    for (const row of catalogRows(copy)) expect(row.startsWith(join(copy, 'warehouse'))).toBe(true);
    expect((await relocate(options(copy))).tables).toEqual([]);
    expect(fingerprint(original)).toEqual(before);

    // Without the original, every step below can only read the copy's files.
    rmSync(original, { recursive: true });
    const { snapshots: history } = await snapshots({ ...options(copy), model: 'orders' });
    expect(history).toHaveLength(3);
    const shown: number[] = [];
    for (const s of history) shown.push(await shownTotal(copy, s.snapshotId));
    expect(shown).toEqual(totals);

    const ran = await execute('run', copy, { exclude: ['never_built'], vars: '{factor: 4}' });
    expect(ran.failed).toBe(false);
    expect(await shownTotal(copy)).toBeCloseTo(totals[0]! * 4, 6);
    const vacuumed = await vacuum({ ...options(copy), olderThan: '0s' });
    expect(vacuumed.totals.expiredSnapshots).toBe(3);
    expect(await shownTotal(copy)).toBeCloseTo(totals[0]! * 4, 6);
  }, 180_000);
});
