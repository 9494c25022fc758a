import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/** A pre-hook that writes the names of the views DuckDB holds at that moment to `file`. */
function listViewsHook(file: string): string {
  const copy = `COPY (SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1) TO '${file}' (HEADER false)`;
  return JSON.stringify(copy);
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
    // A full run creates each view in its own step: nothing stored is recreated before.
    expect(readFileSync(listed, 'utf8').trim().split('\n')).toEqual(['a', 'b', 'base', 'c', 'd', 'v_base']);

    writeFileSync(join(root, 'models/base.sql'), "{{ config(materialized='table') }}\nselect 2 as n");
    const second = await execute('run', root, { select: ['base', 'out'] });
    expect(statuses(second)).toEqual({ base: 'success', out: 'success' });
    // b and v_base (which out reads), a (which b reads) and the table base; not c or d.
    expect(readFileSync(listed, 'utf8').trim().split('\n')).toEqual(['a', 'b', 'base', 'v_base']);
    expect(await tableRows(root, 'main.out', { columns: 'id, n' })).toEqual([{ id: 2, n: 2 }]);
  });
});
