import { describe, expect, it } from 'vitest';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

describe('config keys set to none', () => {
  it('keep their defaults, as dbt reads None (packages pass incremental_strategy=none)', async () => {
    const root = tempProject({
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/plain.sql': '{{ config(unique_key=none, on_schema_change=none, alias=none) }}\nselect 1 as id',
      'models/grows.sql':
        "{{ config(materialized='incremental', incremental_strategy=none) }}\nselect 1 as id",
    });
    expect(statuses(await execute('build', root))).toEqual({ plain: 'success', grows: 'success' });
    expect(statuses(await execute('build', root))).toEqual({ plain: 'success', grows: 'success' });
    // No strategy and no unique_key: append, as dbt-duckdb's default.
    expect(await tableRows(root, 'main.grows')).toEqual([{ id: 1 }, { id: 1 }]);
    expect(await tableRows(root, 'main.plain')).toEqual([{ id: 1 }]);
  });
});
