import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LdpError, rollback, show, snapshots } from '../../../src/api/index.js';
import { openCatalog } from '../../../src/catalog/index.js';
import { snapshotsOf } from '../../support/lakehouse.js';
import { duck, eventsOf, options, ordersPath, runShop, shopProject } from './fixture.js';

/** Sum of `orders.amount` as ldp shows it, at a snapshot or now. */
async function shownTotal(root: string, at: { snapshotId?: string; asOf?: string } = {}): Promise<number> {
  const result = await show({
    ...options(root),
    select: ['orders'],
    limit: 0,
    output: 'json',
    outputFile: join(root, 'shown.json'),
    ...at,
  });
  const [row] = await duck(`select sum(amount) as total from read_json('${join(root, 'shown.json')}')`);
  expect(result.rowCount).toBeGreaterThan(0);
  return Number(row!['total']);
}

describe('time travel, snapshots and rollback', () => {
  let root: string;
  let sourceTotal: number;
  let runIds: string[];

  beforeAll(async () => {
    root = shopProject();
    runIds = [await runShop(root, 1), await runShop(root, 2)];
    const [row] = await duck(`select sum(amount) as total from read_csv('${ordersPath(root)}')`);
    sourceTotal = Number(row!['total']);
  });

  it('lists the history oldest first, with row counts, the current one and the run that made it', async () => {
    const opts = options(root);
    const { table, snapshots: history } = await snapshots({ ...opts, model: 'orders' });
    expect(table).toBe('bronze.orders');
    expect(history.map((s) => s.snapshotId)).toEqual(
      snapshotsOf(root, 'bronze.orders').map((s) => String(s['snapshot-id'])),
    );
    expect(history.map((s) => s.current)).toEqual([false, true]);
    expect(history.map((s) => s.runId)).toEqual(runIds);
    expect(history.map((s) => s.command)).toEqual(['run', 'run']);
    expect(history[1]).toMatchObject({ addedRows: 3000, removedRows: 3000, totalRows: 3000 });
    expect(Date.parse(history[0]!.committedAt)).toBeLessThanOrEqual(Date.parse(history[1]!.committedAt));
    const [table_] = eventsOf(opts.reporter, 'table');
    expect(table_?.rows.map((r) => r[0])).toEqual(history.map((s) => s.snapshotId));
    const json = options(root);
    await snapshots({ ...json, model: 'orders', output: 'json' });
    expect(JSON.parse(eventsOf(json.reporter, 'output')[0]!.text)).toEqual(history);
  });

  it('reads the older rows at an earlier snapshot id or time, and the new ones now', async () => {
    const { snapshots: history } = await snapshots({ ...options(root), model: 'orders' });
    expect(await shownTotal(root)).toBeCloseTo(sourceTotal * 2, 6);
    expect(await shownTotal(root, { snapshotId: history[0]!.snapshotId })).toBeCloseTo(sourceTotal, 6);
    expect(await shownTotal(root, { asOf: history[0]!.committedAt })).toBeCloseTo(sourceTotal, 6);
    const before = await show({ ...options(root), select: ['orders'], asOf: '2001-01-01T00:00:00Z' }).catch(
      (e: LdpError) => e,
    );
    expect(before).toMatchObject({ code: 'LDP424' });
    const unknown = await show({ ...options(root), select: ['orders'], snapshotId: '42' }).catch(
      (e: LdpError) => e,
    );
    expect(unknown).toMatchObject({ code: 'LDP423' });
    expect((unknown as LdpError).hint).toContain(history[1]!.snapshotId);
  });

  it('rolls back to an earlier snapshot as a new commit: show returns the old rows, history stays', async () => {
    const project = shopProject();
    await runShop(project, 1);
    await runShop(project, 3);
    const { snapshots: before } = await snapshots({ ...options(project), model: 'orders' });
    const opts = options(project);
    const result = await rollback({ ...opts, model: 'orders', to: before[0]!.snapshotId });
    expect(result).toEqual({
      table: 'bronze.orders',
      from: before[1]!.snapshotId,
      to: before[0]!.snapshotId,
      changed: true,
    });
    expect(eventsOf(opts.reporter, 'info').at(-1)?.message).toBe(
      `Rolled back bronze.orders from snapshot ${before[1]!.snapshotId} to ${before[0]!.snapshotId}`,
    );
    expect(await shownTotal(project)).toBeCloseTo(sourceTotal, 6);
    const { snapshots: after } = await snapshots({ ...options(project), model: 'orders' });
    expect(after.map((s) => s.snapshotId)).toEqual(before.map((s) => s.snapshotId));
    expect(after.map((s) => s.current)).toEqual([true, false]);
    // The newer snapshot is still there to roll forward to.
    await rollback({ ...options(project), model: 'orders', to: before[1]!.snapshotId });
    expect(await shownTotal(project)).toBeCloseTo(sourceTotal * 3, 6);
    const again = await rollback({ ...options(project), model: 'orders', to: before[1]!.snapshotId });
    expect(again.changed).toBe(false);
  });

  it('refuses unknown snapshots (listing recent ids), views, unbuilt models and a locked warehouse', async () => {
    const { snapshots: history } = await snapshots({ ...options(root), model: 'orders' });
    const unknown = await rollback({ ...options(root), model: 'orders', to: '123' }).catch(
      (e: LdpError) => e,
    );
    expect(unknown).toMatchObject({
      code: 'LDP423',
      message: 'snapshot 123 is not in the history of model orders',
    });
    expect((unknown as LdpError).hint).toContain(history.map((s) => s.snapshotId).join(', '));
    const view = rollback({ ...options(root), model: 'order_totals', to: '1' }).catch((e: LdpError) => e);
    expect(await view).toMatchObject({ code: 'LDP427' });
    expect(
      await snapshots({ ...options(root), model: 'never_built' }).catch((e: LdpError) => e),
    ).toMatchObject({
      code: 'LDP422',
    });
    const holder = openCatalog({ warehousePath: join(root, 'warehouse') });
    // Another live process (this one's parent) holds the warehouse: rollback must not commit.
    await holder.acquireWarehouseLock({ owner: 'ldp run (other)', pid: process.ppid });
    try {
      const locked = rollback({
        ...options(root),
        model: 'orders',
        to: history[0]!.snapshotId,
        lockWaitMs: 0,
      });
      expect(await locked.catch((e: LdpError) => e)).toMatchObject({ code: 'LDP546' });
      expect(snapshotsOf(root, 'bronze.orders').length).toBe(2);
      const { snapshots: still } = await snapshots({ ...options(root), model: 'orders' });
      expect(still.map((s) => s.current)).toEqual([false, true]);
    } finally {
      holder.close();
    }
  });
});
