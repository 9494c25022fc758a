import { describe, expect, it } from 'vitest';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

describe('model SQL with ; and -- inside strings and comments', () => {
  it("runs `select 'a;--b' as s` as a table, a view and with a trailing ; and comment", async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/semi.sql': "select 'a;--b' as s",
      'models/silver/semi_end.sql': "select 'c;/*d' as s; -- the end\n/* really; */\n",
      'models/silver/semi_view.sql': "{{ config(materialized='view') }}\nselect 'e;--f' as s;",
      'models/gold/all_semis.sql':
        "select s from {{ ref('semi') }} union all select s from {{ ref('semi_end') }}\nunion all select s from {{ ref('semi_view') }}",
    });
    const result = await execute('run', root);
    expect(statuses(result)).toEqual({
      semi: 'success',
      semi_end: 'success',
      semi_view: 'success',
      all_semis: 'success',
    });
    expect(await tableRows(root, 'gold.all_semis', { orderBy: 's' })).toEqual([
      { s: 'a;--b' },
      { s: 'c;/*d' },
      { s: 'e;--f' },
    ]);
  });
});

describe('model SQL ending with a -- comment', () => {
  it('builds as a table, a partitioned table, an incremental model and a view', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/plain.sql': 'select 1 as id -- one row',
      'models/silver/by_day.sql':
        "{{ config(partition_by=['day(at)']) }}\nselect 2 as id, timestamp '2026-01-02 03:04:05' as at\n-- partitioned",
      'models/silver/growing.sql':
        "{{ config(materialized='incremental', unique_key='id') }}\nselect 3 as id\n-- incremental, no newline at the end",
      'models/silver/seen.sql': "{{ config(materialized='view') }}\nselect 4 as id\n-- a view\n",
      'models/gold/every_id.sql': [
        "select id from {{ ref('plain') }} union all select id from {{ ref('by_day') }}",
        "union all select id from {{ ref('growing') }} union all select id from {{ ref('seen') }}",
        '-- the last line',
      ].join('\n'),
    });
    for (const _ of [1, 2]) {
      const result = await execute('run', root);
      expect(new Set(Object.values(statuses(result)))).toEqual(new Set(['success']));
    }
    expect(await tableRows(root, 'gold.every_id', { orderBy: 'id' })).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
      { id: 4 },
    ]);
  });
});
