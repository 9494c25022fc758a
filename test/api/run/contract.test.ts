import { describe, expect, it } from 'vitest';
import { execute, hasTable, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

const project = (sql: string, columns: string) =>
  tempProject({
    'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'models/silver/orders.sql': sql,
    'models/silver/silver.yml': [
      'version: 2',
      'models:',
      '  - name: orders',
      '    config: {contract: {enforced: true}}',
      '    columns:',
      columns,
    ].join('\n'),
  });

const COLUMNS = [
  '      - {name: id, data_type: int}',
  '      - {name: amount, data_type: "numeric(10,2)"}',
  '      - {name: note, data_type: text}',
].join('\n');

describe('contract: {enforced: true}', () => {
  it('writes the model when its query returns the declared columns and types (any spelling, any order)', async () => {
    const root = project("select 'x' as note, 1::integer as id, 2.5::decimal(10,2) as amount", COLUMNS);
    const result = await execute('run', root);
    expect(result.results.map((r) => r.status)).toEqual(['success']);
    expect(await tableRows(root, 'silver.orders', { columns: 'id, note' })).toEqual([{ id: 1, note: 'x' }]);
  });

  it('fails before writing when a type differs, a column is missing or one is extra', async () => {
    const root = project("select 1::bigint as id, 'x' as note, 3 as extra", COLUMNS);
    const result = await execute('run', root);
    const [failed] = result.results;
    expect(failed?.status).toBe('error');
    expect(failed?.error?.code).toBe('LDP470');
    expect(failed?.message).toContain("column 'id' is BIGINT in the query, the contract says INTEGER");
    expect(failed?.message).toContain("column 'amount' (DECIMAL(10,2)) is missing from the query");
    expect(failed?.message).toContain("column 'extra' (INTEGER) is in the query but not in the contract");
    expect(hasTable(root, 'silver.orders')).toBe(false);
  });

  it('needs a data_type for every declared column, and a type DuckDB knows', async () => {
    const untyped = project('select 1 as id', '      - {name: id}');
    await expect(execute('run', untyped)).rejects.toMatchObject({
      code: 'LDP472',
      message: "model 'orders' has an enforced contract, but 'id' has no data_type",
    });
    const unknown = project('select 1 as id', '      - {name: id, data_type: integr}');
    const [result] = (await execute('run', unknown)).results;
    expect(result?.error?.code).toBe('LDP471');
  });
});
