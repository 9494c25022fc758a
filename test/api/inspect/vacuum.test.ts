import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LdpError, rollback, show, snapshots, vacuum } from '../../../src/api/index.js';
import { openCatalog } from '../../../src/catalog/index.js';
import { fromUri, liveFiles, openTable, reachableFiles } from '../../../src/iceberg/index.js';
import { duck, eventsOf, options, ordersPath, runShop, shopProject } from './fixture.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every file each snapshot of `bronze.orders` reaches, and the files the current one reads. */
function filesOf(root: string) {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    const table = openTable(catalog, { namespace: ['bronze'], name: 'orders' })!;
    const bySnapshot = new Map(
      table.snapshots().map((s) => [String(s['snapshot-id']), [...reachableFiles([s])].map(fromUri)]),
    );
    const current = table.currentSnapshot!;
    const reads = [
      ...reachableFiles([current]),
      ...liveFiles(current).map((f) => f.entry.dataFile.filePath),
    ].map(fromUri);
    return {
      bySnapshot,
      current: String(current['snapshot-id']),
      reads,
      location: fromUri(table.metadata.location),
    };
  } finally {
    catalog.close();
  }
}

/** An unreferenced file in the table's data folder, last written `ageMs` ago. */
function strayFile(location: string, name: string, ageMs: number): string {
  const path = join(location, 'data', name);
  mkdirSync(join(location, 'data'), { recursive: true });
  writeFileSync(path, 'left by a killed write');
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
  return path;
}

async function orderTotal(root: string): Promise<number> {
  const result = await show({
    ...options(root),
    inline: "select sum(amount) as total from {{ ref('orders') }}",
  });
  return Number(result.rows[0]![0]);
}

describe('ldp vacuum', () => {
  it('dry run reports what would go and deletes nothing; the real run deletes exactly that', async () => {
    const root = shopProject();
    for (const factor of [1, 2, 3]) await runShop(root, factor);
    const before = filesOf(root);
    const oldOrphan = strayFile(before.location, 'stray-old.parquet', 10 * DAY_MS);
    const newOrphan = strayFile(before.location, 'stray-new.parquet', 0);
    const expiredOnly = [...before.bySnapshot]
      .filter(([id]) => id !== before.current)
      .flatMap(([, files]) => files)
      .filter((file) => !before.reads.includes(file));

    const dry = options(root);
    const planned = await vacuum({ ...dry, select: ['orders'], olderThan: '0s', dryRun: true });
    expect(planned.tables).toEqual([
      expect.objectContaining({ table: 'bronze.orders', expiredSnapshots: 2, orphanFiles: 1 }),
    ]);
    expect(planned.tables[0]!.expiredFiles).toBe(new Set(expiredOnly).size);
    expect(planned.totals.freedBytes).toBeGreaterThan(0);
    expect(eventsOf(dry.reporter, 'info').at(-1)?.message).toMatch(
      /^Would expire 2 snapshots in 1 tables.*dry run/,
    );
    for (const file of [...expiredOnly, oldOrphan, newOrphan]) expect(existsSync(file)).toBe(true);
    expect((await snapshots({ ...options(root), model: 'orders' })).snapshots).toHaveLength(3);

    const done = await vacuum({ ...options(root), select: ['orders'], olderThan: '0s' });
    expect(done.tables).toEqual(planned.tables);
    for (const file of expiredOnly) expect(existsSync(file)).toBe(false);
    for (const file of before.reads) expect(existsSync(file)).toBe(true);
    expect(existsSync(oldOrphan)).toBe(false);
    expect(existsSync(newOrphan)).toBe(true);
    const { snapshots: left } = await snapshots({ ...options(root), model: 'orders' });
    expect(left.map((s) => s.snapshotId)).toEqual([before.current]);
    const [source] = await duck(`select sum(amount) as total from read_csv('${ordersPath(root)}')`);
    expect(await orderTotal(root)).toBeCloseTo(Number(source!['total']) * 3, 6);
  });

  it("keeps history younger than the project's retention, and the current snapshot after a rollback", async () => {
    const root = shopProject('retention:\n  snapshots_max_age: 30 days\n  min_snapshots: 1\n');
    for (const factor of [1, 2, 3]) await runShop(root, factor);
    const kept = await vacuum(options(root));
    expect(kept.totals).toEqual({ expiredSnapshots: 0, expiredFiles: 0, orphanFiles: 0, freedBytes: 0 });
    expect(kept.tables.map((t) => t.table).sort()).toEqual(['bronze.orders']);

    const { snapshots: history } = await snapshots({ ...options(root), model: 'orders' });
    await rollback({ ...options(root), model: 'orders', to: history[0]!.snapshotId });
    const rolledBack = filesOf(root);
    // Now = 40 days later: everything is old; the newest and the current (rolled-back) one stay.
    const later = () => new Date(Date.now() + 40 * DAY_MS);
    const result = await vacuum({ ...options(root), clock: later });
    expect(result.totals.expiredSnapshots).toBe(1);
    for (const file of rolledBack.reads) expect(existsSync(file)).toBe(true);
    const { snapshots: left } = await snapshots({ ...options(root), model: 'orders' });
    expect(left.map((s) => s.snapshotId)).toEqual([history[0]!.snapshotId, history[2]!.snapshotId]);
    const [source] = await duck(`select sum(amount) as total from read_csv('${ordersPath(root)}')`);
    expect(await orderTotal(root)).toBeCloseTo(Number(source!['total']), 6);
  });

  it('rejects bad durations, retain counts and selections', async () => {
    const root = shopProject();
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: LdpError) => e.code,
      );
    expect(await code(vacuum({ ...options(root), olderThan: 'a while' }))).toBe('LDP426');
    expect(await code(vacuum({ ...options(root), retainLast: 0 }))).toBe('LDP426');
    expect(await code(vacuum({ ...options(root), select: ['nothing_like_this'] }))).toBe('LDP420');
    const empty = await vacuum(options(root));
    expect(empty.tables).toEqual([]);
  });
});
