import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DuckDbPool } from '../../../src/adapters/duckdb/index.js';
import { InternalError, LdpError } from '../../../src/errors/index.js';

async function value(conn: DuckDBConnection, sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(sql)).getRowsJson()[0]?.[0];
}

describe('DuckDbPool', () => {
  it.each([
    [{ s3_secret_access_key: 'x' }, /httpfs extension/],
    [{ no_such_setting: '1' }, /not recognized/],
  ])("refuses settings DuckDB cannot take as the target's mistake (LDP409): %j", async (settings, detail) => {
    const error = await DuckDbPool.create({ threads: 1, settings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpError);
    expect(error).toMatchObject({ code: 'LDP409' });
    expect((error as LdpError).message).toMatch(detail);
    expect((error as LdpError).message).toContain(Object.keys(settings)[0]);
  });

  it('opens one connection per thread, each in UTC', async () => {
    const pool = await DuckDbPool.create({ threads: 2 });
    try {
      expect(pool.size).toBe(2);
      const a = await pool.acquire();
      const b = await pool.acquire();
      expect(a).not.toBe(b);
      for (const conn of [a, b]) {
        expect(await value(conn, "SELECT current_setting('TimeZone')")).toBe('UTC');
        expect(await value(conn, "SELECT current_setting('threads')")).toBe('2');
        expect(await value(conn, "SELECT CAST(TIMESTAMPTZ '2023-01-01 05:00:00+05' AS VARCHAR)")).toBe(
          '2023-01-01 00:00:00+00',
        );
      }
      pool.release(a);
      pool.release(b);
    } finally {
      pool.close();
    }
  });

  it('makes a caller wait until a connection is released', async () => {
    const pool = await DuckDbPool.create({ threads: 1 });
    try {
      const first = await pool.acquire();
      let second: DuckDBConnection | undefined;
      const waiting = pool.acquire().then((conn) => {
        second = conn;
        return conn;
      });
      // Let every pending callback run: the second caller must still be waiting.
      await new Promise((resolve) => setImmediate(resolve));
      expect(second).toBeUndefined();
      pool.release(first);
      expect(await waiting).toBe(first);
      pool.release(first);
    } finally {
      pool.close();
    }
  });

  it('gives the connection back when the task fails', async () => {
    const pool = await DuckDbPool.create({ threads: 1 });
    try {
      await expect(pool.withConnection((conn) => conn.run('SELECT * FROM no_such_table'))).rejects.toThrow(
        /no_such_table/,
      );
      expect(await pool.withConnection((conn) => value(conn, 'SELECT 41 + 1'))).toBe(42);
    } finally {
      pool.close();
    }
  });

  it('shares one database between its connections, also in a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldp-pool-'));
    try {
      const path = join(dir, 'engine.duckdb');
      const pool = await DuckDbPool.create({ path, threads: 2 });
      const [a, b] = [await pool.acquire(), await pool.acquire()];
      await a.run('CREATE TABLE t AS SELECT 7 AS x');
      expect(await value(b, 'SELECT x FROM t')).toBe(7);
      pool.release(a);
      pool.release(b);
      pool.close();
      const reopened = await DuckDbPool.create({ path, threads: 1 });
      expect(await reopened.withConnection((conn) => value(conn, 'SELECT x FROM t'))).toBe(7);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects waiting and later callers once closed, and catches misuse', async () => {
    const pool = await DuckDbPool.create({ threads: 1 });
    const held = await pool.acquire();
    const waiting = pool.acquire();
    expect(() => pool.release({} as DuckDBConnection)).toThrow(InternalError);
    pool.close();
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(pool.acquire()).rejects.toThrow(InternalError);
    pool.release(held);
    pool.close();
  });
});
