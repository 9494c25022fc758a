import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { CatalogErrors } from './catalog-errors.js';
import type { CatalogContext } from './context.js';

const LOCK_NAME = 'warehouse';

/** Who holds the warehouse lock. */
export interface LockHolder {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly acquiredAt: string;
}

export interface AcquireLockOptions {
  /** Shown to whoever waits, e.g. `ldp run (project taxi)`. */
  readonly owner: string;
  /** The holder's process id; this process by default. */
  readonly pid?: number;
  /** How long to wait for another holder; 0 (the default) fails at once. */
  readonly waitMs?: number;
  /** How often to look again while waiting. */
  readonly pollMs?: number;
}

/** A held lock. `release` is idempotent and only ever removes this holder's row. */
export interface WarehouseLock extends LockHolder {
  release(): void;
}

interface LockRow {
  readonly token: string;
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly acquired_at: string;
}

/**
 * Takes the warehouse lock, waiting up to `waitMs` while another live process holds it. A lock
 * whose holder ran on this host and whose pid is gone is stale and taken over; a holder on
 * another host cannot be checked, so it is waited for.
 */
export async function acquireWarehouseLock(
  ctx: CatalogContext,
  path: string,
  options: AcquireLockOptions,
): Promise<WarehouseLock> {
  const token = randomUUID();
  const deadline = performance.now() + (options.waitMs ?? 0);
  for (;;) {
    const holder = tryAcquire(ctx, token, options);
    if (holder === undefined) return heldLock(ctx, token);
    if (performance.now() >= deadline) throw CatalogErrors.locked(path, holder);
    await sleep(Math.min(options.pollMs ?? 100, Math.max(1, deadline - performance.now())));
  }
}

/** The current holder, or undefined when the warehouse is free. */
export function readWarehouseLock(ctx: CatalogContext): LockHolder | undefined {
  const row = ctx.sql.get('SELECT * FROM ldp_locks WHERE name = ?').get(LOCK_NAME) as LockRow | undefined;
  return row && toHolder(row);
}

/** Removes the lock whoever holds it: for a holder on another host that is known to be gone. */
export function breakWarehouseLock(ctx: CatalogContext): LockHolder | undefined {
  return ctx.sql.immediate(() => {
    const holder = readWarehouseLock(ctx);
    ctx.sql.get('DELETE FROM ldp_locks WHERE name = ?').run(LOCK_NAME);
    return holder;
  });
}

/** Takes the lock if free or stale; otherwise returns the live holder. */
function tryAcquire(ctx: CatalogContext, token: string, options: AcquireLockOptions): LockHolder | undefined {
  return ctx.sql.immediate(() => {
    const row = ctx.sql.get('SELECT * FROM ldp_locks WHERE name = ?').get(LOCK_NAME) as LockRow | undefined;
    if (row !== undefined && !isStale(row)) return toHolder(row);
    ctx.sql
      .get(
        'INSERT OR REPLACE INTO ldp_locks (name, token, owner, pid, host, acquired_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(LOCK_NAME, token, options.owner, options.pid ?? process.pid, hostname(), ctx.now().toISOString());
    return undefined;
  });
}

function heldLock(ctx: CatalogContext, token: string): WarehouseLock {
  const row = ctx.sql
    .get('SELECT * FROM ldp_locks WHERE name = ? AND token = ?')
    .get(LOCK_NAME, token) as LockRow;
  return {
    ...toHolder(row),
    release: () => {
      if (ctx.sql.db.open)
        ctx.sql.get('DELETE FROM ldp_locks WHERE name = ? AND token = ?').run(LOCK_NAME, token);
    },
  };
}

function isStale(row: LockRow): boolean {
  return row.host === hostname() && !processIsAlive(row.pid);
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists as another user. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toHolder(row: LockRow): LockHolder {
  return { owner: row.owner, pid: row.pid, host: row.host, acquiredAt: row.acquired_at };
}
