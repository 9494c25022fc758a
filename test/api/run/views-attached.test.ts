import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/** A pre-hook that writes the names of the views DuckDB holds at that moment to `file`. */
function listViewsHook(file: string): string {
  const copy = `COPY (SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1) TO '${file}' (HEADER false)`;
  return JSON.stringify(copy);
}

/** `select <n> as n`, after counting a hundred million rows: long enough for a reader not waiting to come first. */
function slowTable(n: number): string {
  return `{{ config(materialized='table') }}\nselect ${n} as n from (select count(*) as c from range(100000000)) where c > 0`;
}

describe('the views a command creates in its DuckDB session', () => {
  it('are the stored views its models read, transitively, and they read the tables as they are now', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: p\nmodels:\n  p:\n    +materialized: view\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select id + 1 as id from {{ ref('a') }}",
      'models/c.sql': 'select 42 as x',
      'models/d.sql': "select x from {{ ref('c') }}",
      'models/base.sql': "{{ config(materialized='table') }}\nselect 1 as n",
      'models/v_base.sql': "select n from {{ ref('base') }}",
    });
    const listed = join(root, 'session-objects.csv');
    writeFileSync(
      join(root, 'models/out.sql'),
      `{{ config(materialized='table', pre_hook=${listViewsHook(listed)}) }}\nselect b.id, v.n from {{ ref('b') }} b, {{ ref('v_base') }} v`,
    );
    const first = await execute('run', root);
    expect(Object.values(statuses(first)).every((s) => s === 'success')).toBe(true);
    // A full run creates each view in its own step: out's come first; c and d may still be running.
    expect(readFileSync(listed, 'utf8').trim().split('\n')).toEqual(
      expect.arrayContaining(['a', 'b', 'base', 'v_base']),
    );

    writeFileSync(join(root, 'models/base.sql'), "{{ config(materialized='table') }}\nselect 2 as n");
    const second = await execute('run', root, { select: ['base', 'out'] });
    expect(statuses(second)).toEqual({ base: 'success', out: 'success' });
    // b and v_base (which out reads), a (which b reads) and the table base; not c or d.
    expect(readFileSync(listed, 'utf8').trim().split('\n')).toEqual(['a', 'b', 'base', 'v_base']);
    expect(await tableRows(root, 'main.out', { columns: 'id, n' })).toEqual([{ id: 2, n: 2 }]);
  });

  it('bound before a table is rebuilt, read the new rows once the model reading them has waited for it', async () => {
    // v_base (not selected) is created when the session opens, against base's current files;
    // base is rebuilt (slowly); out reads base's new rows through v_base, because it waits for
    // base through the unselected view. Were it not to wait, it would read base's old rows.
    const root = tempProject({
      'ldp_project.yml': 'name: p\nmodels:\n  p:\n    +materialized: view\n',
      'models/base.sql': "{{ config(materialized='table') }}\nselect 1 as n",
      'models/v_base.sql': "select n from {{ ref('base') }}",
      'models/v_top.sql': "select n from {{ ref('v_base') }}",
      'models/out.sql': "{{ config(materialized='table') }}\nselect n from {{ ref('v_top') }}",
    });
    expect((await execute('run', root)).failed).toBe(false);
    expect(await tableRows(root, 'main.out')).toEqual([{ n: 1 }]);

    writeFileSync(join(root, 'models/base.sql'), slowTable(2));
    const second = await execute('run', root, { select: ['base', 'out'], threads: 4 });
    expect(second.plan.dependsOn.get('model.p.out')).toEqual(['model.p.base']);
    expect(statuses(second)).toEqual({ base: 'success', out: 'success' });
    expect(await tableRows(root, 'main.out')).toEqual([{ n: 2 }]);
  });
});

describe('views a node reads while it renders', () => {
  it('are created when its statements name them, with what they read', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: p\nmodels:\n  p:\n    +materialized: view\n',
      'models/base.sql': "{{ config(materialized='table') }}\nselect 3 as n",
      'models/v_base.sql': "select n from {{ ref('base') }}",
      'models/v_top.sql': "select n * 2 as n from {{ ref('v_base') }}",
      'models/m.sql': [
        "{{ config(materialized='table') }}",
        "{% set found = run_query('select max(n) as n from ' ~ ref('v_top')) %}",
        'select {{ found.columns[0].values()[0] }} as n',
      ].join('\n'),
      // Its SQL is known only once it renders: it names v_top, which no statement read.
      'models/m2.sql': [
        "{{ config(materialized='table') }}",
        "{% set found = run_query('select 1 as one') %}",
        "select n + {{ found.columns[0].values()[0] }} as n from {{ ref('v_top') }}",
      ].join('\n'),
    });
    expect((await execute('run', root)).failed).toBe(false);
    const again = await execute('run', root, { select: ['m', 'm2'] });
    expect(statuses(again)).toEqual({ m: 'success', m2: 'success' });
    expect(await tableRows(root, 'main.m')).toEqual([{ n: 6 }]);
    expect(await tableRows(root, 'main.m2')).toEqual([{ n: 7 }]);
  });
});

describe('views a run finds unchanged', () => {
  it('are created once, up front, and the others again, with the columns of what they read now', async () => {
    const listed = (root: string) => join(root, 'at-run-start.csv');
    const files = (edited: boolean) => ({
      'ldp_project.yml': 'name: p\nmodels:\n  p:\n    +materialized: view\n',
      'models/base.sql': `{{ config(materialized='table') }}\nselect 1 as n${edited ? ', 2 as m' : ''}`,
      'models/over_base.sql': "select * from {{ ref('base') }}",
      'models/over_over.sql': "select * from {{ ref('over_base') }}",
      'models/fixed.sql': 'select 7 as k\n',
      'models/over_fixed.sql': "select * from {{ ref('fixed') }}\n",
      'models/edited.sql': `select 1 as x${edited ? ', 2 as y' : ''}`,
      'models/over_edited.sql': "select * from {{ ref('edited') }}",
    });
    const root = tempProject(files(false));
    writeFileSync(
      join(root, 'ldp_project.yml'),
      `name: p\nmodels:\n  p:\n    +materialized: view\non-run-start:\n  - ${listViewsHook(listed(root))}\n`,
    );
    expect((await execute('run', root)).failed).toBe(false);
    expect(readFileSync(listed(root), 'utf8').trim()).toBe('');

    const { 'ldp_project.yml': _, ...edits } = files(true);
    for (const [path, text] of Object.entries(edits)) writeFileSync(join(root, path), text);
    const second = await execute('run', root);
    expect(second.failed).toBe(false);
    // Before any step: the two views nothing above changes. The table the other views read is
    // rebuilt by the run, and everything that reads it waits for its step, which shows it.
    expect(readFileSync(listed(root), 'utf8').trim().split('\n')).toEqual(['fixed', 'over_fixed']);
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      const columns = (name: string) =>
        catalog.loadView({ namespace: ['main'], name })?.columns.map((c) => c.name);
      expect(columns('over_over')).toEqual(['n', 'm']);
      expect(columns('over_edited')).toEqual(['x', 'y']);
      expect(columns('over_fixed')).toEqual(['k']);
    } finally {
      catalog.close();
    }
  });
});
