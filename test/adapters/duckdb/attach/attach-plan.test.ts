import { describe, expect, it } from 'vitest';
import { planWarehouseAttach, storedViewsIn } from '../../../../src/adapters/duckdb/attach/attach-plan.js';
import { namesIn } from '../../../../src/adapters/duckdb/attach/names-in.js';
import type { CatalogView } from '../../../../src/model/iceberg-catalog-port.js';

const view = (name: string, sql: string, namespace = 'main'): CatalogView => ({
  namespace: [namespace],
  name,
  sql,
  columns: [],
});

const table = (name: string, namespace = 'main') => ({ namespace: [namespace], name });

const names = (plan: { views: readonly CatalogView[] }) =>
  plan.views.map((v) => `${v.namespace[0]}.${v.name}`);

// Stored in an order that is not the dependency order: top first.
const VIEWS = [
  view('top', 'select * from "main"."mid" join main.other using (id)'),
  view('mid', 'select id from "main"."Base"'),
  view('base', 'select id from main.t1'),
  view('other', 'select 1 as id'),
  view('unrelated', 'select * from main.t2'),
];
const TABLES = [table('t1'), table('t2'), table('t3')];

describe('namesIn', () => {
  it('finds bare words and quoted identifiers, lower-cased, also inside string literals', () => {
    const found = namesIn(`select "We""ird Name".x from Main.T1, query_table('t2') -- t3\n`);
    expect([...found]).toEqual(
      expect.arrayContaining(['we"ird name', 'x', 'main', 't1', 'query_table', 't2', 't3']),
    );
    expect(found.has('We"ird Name')).toBe(false);
  });
});

describe('planWarehouseAttach', () => {
  it('attaches what the SQL names and, through stored views, what they read, views after their inputs', () => {
    const plan = planWarehouseAttach(TABLES, VIEWS, { names: namesIn('select * from main.top') });
    expect(names(plan)).toEqual(['main.base', 'main.mid', 'main.other', 'main.top']);
    expect(plan.tables.map((t) => t.name)).toEqual(['t1']);
  });

  it('attaches nothing the SQL does not reach', () => {
    const plan = planWarehouseAttach(TABLES, VIEWS, { names: namesIn('select * from main.t3') });
    expect(names(plan)).toEqual([]);
    expect(plan.tables.map((t) => t.name)).toEqual(['t3']);
  });

  it('attaches everything, each view once and in dependency order, without reads', () => {
    const plan = planWarehouseAttach(TABLES, VIEWS);
    expect(names(plan)).toEqual(['main.base', 'main.mid', 'main.other', 'main.top', 'main.unrelated']);
    expect(plan.tables).toHaveLength(3);
  });

  it('skips a view the command creates first, unless a stored view it attaches reads it', () => {
    const alone = planWarehouseAttach(TABLES, VIEWS, {
      names: namesIn('select * from main.mid'),
      createdFirst: new Set(['main.mid']),
    });
    expect(names(alone)).toEqual([]);
    expect(alone.tables).toEqual([]);
    const readByTop = planWarehouseAttach(TABLES, VIEWS, {
      names: namesIn('select * from main.mid, main.top'),
      createdFirst: new Set(['main.mid']),
    });
    expect(names(readByTop)).toEqual(['main.base', 'main.mid', 'main.other', 'main.top']);
  });

  it('leaves out what the session holds (or the command writes), and does not follow it', () => {
    const plan = planWarehouseAttach(TABLES, VIEWS, {
      names: namesIn('select * from main.top, main.t2'),
      present: new Set(['main.mid', 'main.t2']),
    });
    expect(names(plan)).toEqual(['main.other', 'main.top']);
    expect(plan.tables).toEqual([]);
  });

  it('takes every relation of a name (in any schema) and cuts a cycle', () => {
    const views = [
      view('a', 'select * from b'),
      view('b', 'select * from a'),
      view('a', 'select 1 as id', 'other'),
    ];
    const plan = planWarehouseAttach([], views, { names: new Set(['a']) });
    expect(new Set(names(plan))).toEqual(new Set(['main.a', 'main.b', 'other.a']));
    expect(plan.views).toHaveLength(3);
  });

  it('looks up only the names it reaches, so a view nothing reads is never loaded', () => {
    const asked: string[] = [];
    const byName = storedViewsIn(VIEWS);
    const plan = planWarehouseAttach(
      TABLES,
      {
        named: (name) => {
          asked.push(name);
          return byName.named(name);
        },
      },
      { names: namesIn('select * from main.top') },
    );
    expect(names(plan)).toEqual(['main.base', 'main.mid', 'main.other', 'main.top']);
    expect(asked).not.toContain('unrelated');
    expect(asked).not.toContain('t2');
  });

  it('leaves a table its writer shows first to that step, unless an attached view reads it', () => {
    const shownByWriter = new Set(['main.t1', 'main.t2']);
    const plan = planWarehouseAttach(TABLES, VIEWS, {
      names: namesIn('select * from main.t1, main.t2, main.base'),
      shownByWriter,
    });
    // `base` reads t1: created up front, it needs t1 now; nothing but the command reads t2.
    expect(names(plan)).toEqual(['main.base']);
    expect(plan.tables.map((t) => t.name)).toEqual(['t1']);
  });
});
