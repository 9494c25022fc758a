import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execute, snapshotsOf, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/** A table model `orders` whose properties declare `columns` (and `extra` model-level YAML). */
const project = (sql: string, columns: string[], extra: string[] = [], enforced = true) =>
  tempProject({
    'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'models/silver/orders.sql': sql,
    'models/silver/silver.yml': [
      'version: 2',
      'models:',
      '  - name: orders',
      `    config: {contract: {enforced: ${enforced}}}`,
      ...extra,
      '    columns:',
      ...columns,
    ].join('\n'),
  });

const COLUMNS = [
  '      - name: id',
  '        data_type: int',
  '        constraints:',
  '          - type: not_null',
  '          - type: primary_key',
  '      - name: amount',
  '        data_type: int',
  '        constraints:',
  '          - {type: check, expression: "amount >= 0"}',
  '      - {name: customer, data_type: int}',
];

const GOOD = 'select * from (values (1, 5, 10), (2, null, 10)) t(id, amount, customer)';
const diagnostics = (result: Awaited<ReturnType<typeof execute>>) =>
  result.reporter.events.flatMap((e) => (e.kind === 'diagnostic' ? [e.diagnostic.code] : []));

describe('constraints of an enforced contract', () => {
  it('writes rows that meet not_null, primary_key and check (a NULL passes a check), without warnings', async () => {
    const root = project(GOOD, COLUMNS);
    const result = await execute('run', root);
    expect(result.results.map((r) => r.status)).toEqual(['success']);
    expect(diagnostics(result)).toEqual([]);
    expect(await tableRows(root, 'silver.orders', { columns: 'id, amount' })).toEqual([
      { id: 1, amount: 5 },
      { id: 2, amount: null },
    ]);
  });

  it('fails the node before writing, naming each broken constraint, its column, row count and YAML line', async () => {
    const root = project(GOOD, COLUMNS);
    await execute('run', root);
    const before = snapshotsOf(root, 'silver.orders').length;
    const bad = 'select * from (values (1, 5, 10), (1, -2, 10), (null, -3, 10)) t(id, amount, customer)';
    // Same lakehouse: rebuild the project's table with rows that break the constraints.
    writeFileSync(`${root}/models/silver/orders.sql`, bad);
    const result = await execute('run', root);
    const [failed] = result.results;
    expect(failed?.status).toBe('error');
    expect(failed?.error?.code).toBe('LDP473');
    const message = failed?.message ?? '';
    expect(message).toContain(
      "not_null constraint on column 'id': 1 row with NULL (models/silver/silver.yml:9:13)",
    );
    expect(message).toContain(
      "primary_key constraint on column 'id': 1 row with NULL (models/silver/silver.yml:10:13)",
    );
    expect(message).toContain(
      "primary_key constraint on column 'id': 2 rows with a value another row has (models/silver/silver.yml:10:13)",
    );
    expect(message).toContain(
      "check constraint on column 'amount' (amount >= 0): 2 rows failing it (models/silver/silver.yml:14:14)",
    );
    expect(failed?.error?.span).toEqual({ file: 'models/silver/silver.yml', line: 9, col: 13 });
    // The table is as it was: no new snapshot, the old rows.
    expect(snapshotsOf(root, 'silver.orders').length).toBe(before);
    expect(await tableRows(root, 'silver.orders', { columns: 'id' })).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('enforces model-level unique and check constraints over the columns they name', async () => {
    const sql = 'select * from (values (1, 5, 10), (2, 5, 10), (3, 6, 11)) t(id, amount, customer)';
    const root = project(
      sql,
      [
        '      - {name: id, data_type: int}',
        '      - {name: amount, data_type: int}',
        '      - {name: customer, data_type: int}',
      ],
      [
        '    constraints:',
        '      - {type: unique, name: one_amount_per_customer, columns: [amount, customer]}',
        '      - {type: check, expression: "customer > 10"}',
        '      - {type: foreign_key, columns: [customer], to: "ref(\'customers\')", to_columns: [id]}',
      ],
    );
    const [failed] = (await execute('run', root)).results;
    expect(failed?.error?.code).toBe('LDP473');
    expect(failed?.message).toContain(
      "unique constraint 'one_amount_per_customer' on columns 'amount', 'customer': 2 rows with a value another row has",
    );
    expect(failed?.message).toContain('check constraint (customer > 10): 2 rows failing it');
    expect(failed?.message).not.toContain('foreign_key');
  });

  it('reports a check DuckDB cannot run at its YAML line', async () => {
    const root = project('select 1 as id', [
      '      - name: id',
      '        data_type: int',
      '        constraints: [{type: check, expression: "no_such_column > 0"}]',
    ]);
    const [failed] = (await execute('run', root)).results;
    expect(failed?.error?.code).toBe('LDP474');
    expect(failed?.error?.span).toMatchObject({ file: 'models/silver/silver.yml', line: 8 });
  });

  it('neither enforces nor warns about constraints without contract.enforced, as dbt', async () => {
    const root = project('select null::int as id, -1 as amount, 1 as customer', COLUMNS, [], false);
    const result = await execute('run', root);
    expect(result.results.map((r) => r.status)).toEqual(['success']);
    expect(diagnostics(result)).toEqual([]);
  });
});
