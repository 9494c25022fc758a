import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, snapshotsOf, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/** A project whose one incremental model takes its rows from `--vars`, so each run is a chosen batch. */
function batchProject(config: string, columns = 'id, status, amount') {
  return tempProject({
    'ldp_project.yml': 'name: shop\n',
    'models/silver/orders.sql': `{{ config(materialized='incremental', ${config}) }}\nselect * from (values {{ var('rows') }}) as t(${columns})`,
  });
}

const rows = (text: string) => ({ vars: JSON.stringify({ rows: text }) });
const orders = (root: string) => tableRows(root, 'silver.orders', { orderBy: 'id' });

describe('incremental models', () => {
  it('append adds each batch as a new snapshot', async () => {
    const root = batchProject("incremental_strategy='append'");
    await execute('run', root, rows("(1, 'new', 10), (2, 'new', 20)"));
    const second = await execute('run', root, rows("(3, 'new', 30)"));
    expect(second.results[0]!.rowsAffected).toBe(1);
    expect((await orders(root)).map((r) => r['id'])).toEqual([1, 2, 3]);
    expect(snapshotsOf(root, 'silver.orders').map((s) => s.summary['operation'])).toEqual([
      'overwrite',
      'append',
    ]);
  });

  it('merge on a unique key updates matching rows and inserts new ones', async () => {
    const root = batchProject("incremental_strategy='merge', unique_key='id'");
    await execute('run', root, rows("(1, 'new', 10), (2, 'new', 20)"));
    await execute('run', root, rows("(2, 'paid', 25), (3, 'new', 30)"));
    expect(await orders(root)).toEqual([
      { id: 1, status: 'new', amount: 10 },
      { id: 2, status: 'paid', amount: 25 },
      { id: 3, status: 'new', amount: 30 },
    ]);
  });

  it('merge updates only merge_update_columns, or all but merge_exclude_columns', async () => {
    for (const rule of ["merge_update_columns=['status']", "merge_exclude_columns=['amount']"]) {
      const root = batchProject(`incremental_strategy='merge', unique_key='id', ${rule}`);
      await execute('run', root, rows("(1, 'new', 10), (2, 'new', 20)"));
      await execute('run', root, rows("(2, 'paid', 99), (3, 'new', 30)"));
      expect(await orders(root), rule).toEqual([
        { id: 1, status: 'new', amount: 10 },
        { id: 2, status: 'paid', amount: 20 },
        { id: 3, status: 'new', amount: 30 },
      ]);
    }
  });

  it('delete+insert replaces every row of the batch keys, composite keys included', async () => {
    const root = batchProject(
      "incremental_strategy='delete+insert', unique_key=['region', 'day']",
      'region, day, sales',
    );
    await execute('run', root, rows("('eu', 1, 10), ('eu', 2, 20), ('us', 1, 30)"));
    await execute('run', root, rows("('eu', 2, 21), ('eu', 2, 22), ('us', 2, 40)"));
    expect(await tableRows(root, 'silver.orders', { orderBy: 'region, day, sales' })).toEqual([
      { region: 'eu', day: 1, sales: 10 },
      { region: 'eu', day: 2, sales: 21 },
      { region: 'eu', day: 2, sales: 22 },
      { region: 'us', day: 1, sales: 30 },
      { region: 'us', day: 2, sales: 40 },
    ]);
  });

  it('insert_overwrite replaces only the partitions the batch touches', async () => {
    const root = batchProject(
      "incremental_strategy='insert_overwrite', partition_by=[{'field': 'day', 'transform': 'identity'}]",
      'id, day',
    );
    await execute(
      'run',
      root,
      rows("(1, DATE '2024-01-01'), (2, DATE '2024-01-01'), (3, DATE '2024-01-02')"),
    );
    await execute('run', root, rows("(4, DATE '2024-01-02'), (5, DATE '2024-01-02')"));
    expect((await orders(root)).map((r) => [r['id'], r['day']])).toEqual([
      [1, '2024-01-01'],
      [2, '2024-01-01'],
      [4, '2024-01-02'],
      [5, '2024-01-02'],
    ]);
  });

  it('reads its own table through {{ this }} when is_incremental(), and rebuilds on --full-refresh', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/silver/events.sql': [
        "{{ config(materialized='incremental') }}",
        "select range as id from range({{ var('upto') }})",
        '{% if is_incremental() %}where range > (select max(id) from {{ this }}){% endif %}',
      ].join('\n'),
    });
    await execute('run', root, { vars: '{upto: 3}' });
    const second = await execute('run', root, { vars: '{upto: 5}' });
    expect(second.results[0]!.rowsAffected).toBe(2);
    expect((await tableRows(root, 'silver.events', { orderBy: 'id' })).map((r) => Number(r['id']))).toEqual([
      0, 1, 2, 3, 4,
    ]);
    await execute('run', root, { vars: '{upto: 2}', fullRefresh: true });
    expect((await tableRows(root, 'silver.events', { orderBy: 'id' })).map((r) => Number(r['id']))).toEqual([
      0, 1,
    ]);
    expect(snapshotsOf(root, 'silver.events').at(-1)!.summary['operation']).toBe('overwrite');
  });

  describe('on_schema_change', () => {
    async function changeColumns(mode: string) {
      const root = tempProject({
        'ldp_project.yml': 'name: shop\n',
        'models/silver/orders.sql': `{{ config(materialized='incremental', on_schema_change='${mode}') }}\nselect 1 as id, 'a' as old_col`,
      });
      await execute('run', root);
      writeFileSync(
        join(root, 'models/silver/orders.sql'),
        `{{ config(materialized='incremental', on_schema_change='${mode}') }}\nselect 2 as id, 'b' as new_col`,
      );
      return { root, result: await execute('run', root) };
    }

    it('append_new_columns adds the new column and keeps the old one', async () => {
      const { root } = await changeColumns('append_new_columns');
      expect(await tableRows(root, 'silver.orders', { orderBy: 'id' })).toEqual([
        { id: 1, old_col: 'a', new_col: null },
        { id: 2, old_col: null, new_col: 'b' },
      ]);
    });

    it('sync_all_columns makes the table follow the query', async () => {
      const { root } = await changeColumns('sync_all_columns');
      expect(await tableRows(root, 'silver.orders', { orderBy: 'id' })).toEqual([
        { id: 1, new_col: null },
        { id: 2, new_col: 'b' },
      ]);
    });

    it('ignore keeps the table schema', async () => {
      const { root } = await changeColumns('ignore');
      expect(await tableRows(root, 'silver.orders', { orderBy: 'id' })).toEqual([
        { id: 1, old_col: 'a' },
        { id: 2, old_col: null },
      ]);
    });

    it('fail stops the model with a message naming the change, leaving the table as it was', async () => {
      const { root, result } = await changeColumns('fail');
      expect(statuses(result)).toEqual({ orders: 'error' });
      expect(result.results[0]!.message).toMatch(/new_col|schema/i);
      expect(await tableRows(root, 'silver.orders')).toEqual([{ id: 1, old_col: 'a' }]);
      expect(snapshotsOf(root, 'silver.orders')).toHaveLength(1);
    });
  });

  it('refuses delete+insert without a unique_key at plan time, pointing at the model', async () => {
    const root = batchProject("incremental_strategy='delete+insert'");
    await expect(execute('run', root, rows("(1, 'a', 1)"))).rejects.toMatchObject({
      code: 'LDP403',
      span: { file: 'models/silver/orders.sql', line: 1 },
    });
  });
});
