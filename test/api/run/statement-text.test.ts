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
