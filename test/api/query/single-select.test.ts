import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSingleSelect } from '../../../src/api/query/single-select.js';
import { LdpError } from '../../../src/errors/index.js';

let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});

afterAll(() => instance.closeSync());

async function codeOf(sql: string): Promise<string> {
  const conn = await instance.connect();
  try {
    await requireSingleSelect(conn, sql);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof LdpError)) throw error;
    return error.code;
  } finally {
    conn.closeSync();
  }
}

describe('requireSingleSelect', () => {
  it('accepts one query in any of its shapes', async () => {
    for (const sql of [
      'select 1',
      'with t as (select 1 as a) select a from t;',
      'select 1 union all select 2',
      'from range(3)',
      '-- a comment\nselect 1 -- and another',
      "select 'drop table x; copy y to z'",
    ])
      expect(await codeOf(sql), sql).toBe('accepted');
  });

  it('refuses every other statement, several statements and text that does not parse', async () => {
    const cases: [string, string][] = [
      ["copy (select 1) to 'x.csv'", 'LDP831'],
      ['create table t as select 1', 'LDP831'],
      ['with t as (select 1) insert into u select * from t', 'LDP831'],
      ['update t set a = 1', 'LDP831'],
      ['pragma version', 'LDP831'],
      ['set threads = 1', 'LDP831'],
      ['select 1; select 2', 'LDP832'],
      ["select 1; attach 'x.db'", 'LDP831'],
      ['selec 1', 'LDP830'],
      ['  ;  ', 'LDP830'],
    ];
    for (const [sql, code] of cases) expect(await codeOf(sql), sql).toBe(code);
  });
});
