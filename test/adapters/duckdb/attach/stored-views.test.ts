import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { namesIn } from '../../../../src/adapters/duckdb/attach/names-in.js';
import { LakehouseSession } from '../../../../src/adapters/duckdb/lakehouse-session.js';
import { openCatalog, type SqliteCatalog } from '../../../../src/catalog/index.js';

const opened: { catalog: SqliteCatalog; session: LakehouseSession }[] = [];

afterEach(() => {
  for (const { catalog, session } of opened.splice(0)) {
    session.close();
    catalog.close();
  }
});

/** A catalog holding `views` (namespace.name → SQL) and a fresh session over it. */
async function sessionWith(views: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-views-'));
  const catalog = openCatalog({ path: join(dir, 'catalog.db'), warehousePath: dir });
  for (const [key, sql] of Object.entries(views)) {
    const [namespace, name] = key.split('.') as [string, string];
    catalog.upsertView({ namespace: [namespace], name, sql, columns: [] });
  }
  const session = await LakehouseSession.open({ catalog, threads: 1 });
  opened.push({ catalog, session });
  const rows = (sql: string) =>
    session.pool.withConnection(async (conn) => (await conn.runAndReadAll(sql)).getRowObjectsJson());
  return { session, rows };
}

/** The views and tables DuckDB holds outside its own schemas. */
async function duckdbObjects(rows: (sql: string) => Promise<Record<string, unknown>[]>) {
  const views = await rows(
    "SELECT schema_name || '.' || view_name AS name FROM duckdb_views() WHERE NOT internal ORDER BY 1",
  );
  const tables = await rows(
    "SELECT schema_name || '.' || table_name AS name FROM duckdb_tables() ORDER BY 1",
  );
  return { views: views.map((r) => r['name']), tables: tables.map((r) => r['name']) };
}

// A small DAG: each level joins two views of the level below.
const DAG: Record<string, string> = {
  's.l0_a': 'select range as id, range * 10 as v from range(3)',
  's.l0_b': 'select range as id, range as v from range(3)',
  's.l1_a': 'select x.id, x.v + y.v as v from s.l0_a x join s.l0_b y using (id)',
  's.l1_b': 'select x.id, x.v - y.v as v from s.l0_a x join s.l0_b y using (id);  -- trailing',
  's.top': 'select x.id, x.v * y.v as v from "s"."L1_A" x join s.l1_b y using (id)',
  's.apart': 'select 42 as answer',
};

describe('stored views in a session', () => {
  it('creates only the views the SQL reads, each after its inputs, and they return the right rows', async () => {
    const { session, rows } = await sessionWith(DAG);
    await session.attachWarehouse({ names: namesIn('select * from s.top') });
    const created = session.attached.views.map((v) => `${v.namespace[0]}.${v.name}`);
    expect(created.slice(0, 2).sort()).toEqual(['s.l0_a', 's.l0_b']);
    expect(created.slice(2, 4).sort()).toEqual(['s.l1_a', 's.l1_b']);
    expect(created[4]).toBe('s.top');
    expect(created).toHaveLength(5);
    // Exactly those views, and no table left behind.
    expect(await duckdbObjects(rows)).toEqual({
      views: ['s.l0_a', 's.l0_b', 's.l1_a', 's.l1_b', 's.top'],
      tables: [],
    });
    expect(await rows('select id::int as id, v::int as v from s.top order by id')).toEqual([
      { id: 0, v: 0 },
      { id: 1, v: 99 },
      { id: 2, v: 396 },
    ]);
  });

  it('creates every view without reads, and leaves out one whose inputs are gone (and what reads it)', async () => {
    const { session, rows } = await sessionWith({
      ...DAG,
      's.broken': 'select * from s.dropped_table',
      's.reads_broken': 'select * from s.broken',
    });
    await session.attachWarehouse();
    const { views, tables } = await duckdbObjects(rows);
    expect(views).toEqual(['s.apart', 's.l0_a', 's.l0_b', 's.l1_a', 's.l1_b', 's.top']);
    expect(tables).toEqual([]);
    expect(await rows('select answer from s.apart')).toEqual([{ answer: 42 }]);
    expect(await rows('select count(*)::int as n from s.top')).toEqual([{ n: 3 }]);
  });

  it('gives a view the columns of its inputs as they are when it is read', async () => {
    const { session, rows } = await sessionWith(DAG);
    await session.attachWarehouse({ names: new Set(['top']) });
    await session.pool.withConnection((conn) =>
      conn.run("CREATE OR REPLACE VIEW s.l0_b AS (select range as id, 'x' || range as v from range(3))"),
    );
    await expect(rows('select * from s.l1_a')).rejects.toThrow(/\+/);
    expect(
      await rows("select column_name, data_type from duckdb_columns() where table_name = 'top'"),
    ).toEqual([
      { column_name: 'id', data_type: 'BIGINT' },
      { column_name: 'v', data_type: 'BIGINT' },
    ]);
  });
});
