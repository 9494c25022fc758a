import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { execute, hasTable, nodeName, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

const ORDERS = `select * from (values
  (1, 'ann', 'paid', 10.0, 1),
  (2, 'bob', 'paid', 20.0, 2),
  (2, 'bob', 'open', -5.0, 9),
  (4, null, 'lost', 7.0, null)
) as t(order_id, customer, status, amount, customer_id)`;

function project(tests: string, extra: Record<string, string> = {}) {
  return tempProject({
    'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'models/silver/orders.sql': ORDERS,
    'models/silver/customers.sql': "select * from (values (1, 'ann'), (2, 'bob')) as t(customer_id, name)",
    'models/silver/orders.yml': `version: 2\nmodels:\n  - name: orders\n${tests}`,
    ...extra,
  });
}

/** Runs the models, then the tests; returns the test results by test name. */
async function testOutcomes(root: string) {
  await execute('run', root);
  const result = await execute('test', root);
  return {
    result,
    byName: Object.fromEntries(
      result.results.map((r) => [nodeName(r.uniqueId), { status: r.status, failures: r.failures }]),
    ),
  };
}

describe('data tests', () => {
  let outcomes: Awaited<ReturnType<typeof testOutcomes>>;

  beforeAll(async () => {
    const root = project(
      [
        '    data_tests:',
        '      - not_empty',
        '      - row_count: {arguments: {min_value: 5}}',
        '      - unique_combination_of_columns: {arguments: {combination_of_columns: [order_id, status]}}',
        '      - expression_is_true: {arguments: {expression: "amount > 0"}}',
        '    columns:',
        '      - name: order_id',
        '        data_tests: [unique, not_null]',
        '      - name: customer',
        '        data_tests: [not_null]',
        '      - name: status',
        '        data_tests:',
        '          - accepted_values: {arguments: {values: [paid, open]}}',
        '      - name: customer_id',
        '        data_tests:',
        "          - relationships: {arguments: {to: ref('customers'), field: customer_id}}",
        '      - name: amount',
        '        data_tests:',
        '          - accepted_range: {arguments: {min_value: 0, max_value: 15, inclusive: true}}',
      ].join('\n'),
      { 'tests/no_big_orders.sql': "select * from {{ ref('orders') }} where amount > 100" },
    );
    outcomes = await testOutcomes(root);
  });

  it('judge each built-in test as dbt does (NULLs ignored by accepted_values and relationships)', () => {
    expect(outcomes.byName).toEqual({
      not_empty_orders_: { status: 'pass', failures: 0 },
      row_count_orders_5: { status: 'fail', failures: 1 },
      unique_combination_of_columns_orders_order_id__status: { status: 'pass', failures: 0 },
      expression_is_true_orders_amount_0: { status: 'fail', failures: 1 },
      unique_orders_order_id: { status: 'fail', failures: 1 },
      not_null_orders_order_id: { status: 'pass', failures: 0 },
      not_null_orders_customer: { status: 'fail', failures: 1 },
      accepted_values_orders_status__paid__open: { status: 'fail', failures: 1 },
      relationships_orders_customer_id__customer_id__ref_customers_: { status: 'fail', failures: 1 },
      accepted_range_orders_amount__True__15__0: { status: 'fail', failures: 2 },
      no_big_orders: { status: 'pass', failures: 0 },
    });
  });

  it('show the first failing rows and the compiled SQL of a failure, and exit with failure', () => {
    expect(outcomes.result.failed).toBe(true);
    const unique = outcomes.result.results.find((r) => nodeName(r.uniqueId) === 'unique_orders_order_id')!;
    expect(unique.sample).toEqual({ columns: ['unique_field', 'n_records'], rows: [[2, '2']] });
    expect(unique.message).toContain('Got 1 result, configured to fail if != 0');
    expect(unique.message).toContain(
      'compiled SQL: target/compiled/shop/models/silver/orders.yml/unique_orders_order_id.sql',
    );
  });
});

describe('data test config', () => {
  it('severity, warn_if and error_if thresholds, where and limit', async () => {
    const root = project(
      [
        '    columns:',
        '      - name: amount',
        '        data_tests:',
        '          - expression_is_true:',
        '              name: amount_warns',
        '              arguments: {expression: "> 100"}',
        '              config: {severity: warn}',
        '          - expression_is_true:',
        '              name: amount_thresholds',
        '              arguments: {expression: "> 100"}',
        '              config: {warn_if: ">= 2", error_if: ">= 5"}',
        '          - expression_is_true:',
        '              name: amount_where',
        '              arguments: {expression: "> 0"}',
        '              config: {where: "status = \'paid\'"}',
        '          - expression_is_true:',
        '              name: amount_limited',
        '              arguments: {expression: "> 100"}',
        '              config: {limit: 3}',
      ].join('\n'),
    );
    const { byName, result } = await testOutcomes(root);
    expect(byName).toEqual({
      amount_warns: { status: 'warn', failures: 4 },
      amount_thresholds: { status: 'warn', failures: 4 },
      amount_where: { status: 'pass', failures: 0 },
      amount_limited: { status: 'fail', failures: 3 },
    });
    expect(result.results.find((r) => nodeName(r.uniqueId) === 'amount_warns')!.message).toContain(
      'configured to warn if != 0',
    );
  });

  it('store_failures keeps the failing rows in the audit namespace, replaced on each run', async () => {
    const root = project(
      [
        '    columns:',
        '      - name: customer',
        '        data_tests:',
        '          - not_null: {config: {store_failures: true}}',
      ].join('\n'),
    );
    const { result } = await testOutcomes(root);
    expect(result.results[0]!.message).toContain('Failing rows stored in "audit"."not_null_orders_customer"');
    expect(await tableRows(root, 'audit.not_null_orders_customer')).toEqual([{ customer: null }]);
    await execute('test', root);
    expect(await tableRows(root, 'audit.not_null_orders_customer')).toHaveLength(1);
  });

  it('runs disabled tests never, and selects tests by the model they test', async () => {
    const root = project(
      [
        '    columns:',
        '      - name: order_id',
        '        data_tests:',
        '          - not_null',
        '          - unique: {config: {enabled: false}}',
      ].join('\n'),
    );
    await execute('run', root);
    const result = await execute('test', root, { select: ['orders'] });
    expect(statuses(result)).toEqual({ not_null_orders_order_id: 'pass' });
  });

  it('records test results in the run tables and run_results.json', async () => {
    const root = project('    columns:\n      - name: customer\n        data_tests: [not_null]\n');
    const { result } = await testOutcomes(root);
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      const [row] = catalog.runResults(result.runId);
      expect(row).toMatchObject({ resourceType: 'test', status: 'fail', failures: 1 });
      expect(catalog.runHistory(result.results[0]!.uniqueId)).toHaveLength(1);
    } finally {
      catalog.close();
    }
    expect(hasTable(root, 'audit.not_null_orders_customer')).toBe(false);
  });
});

describe('ldp build', () => {
  it('runs a model’s tests right after it; a failing error test skips downstream, a warning does not', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/bronze/raw.sql': 'select * from (values (1), (1), (2)) as t(id)',
      'models/silver/clean.sql': "select distinct id from {{ ref('raw') }}",
      'models/silver/warned.sql': "select id from {{ ref('raw') }}",
      'models/gold/report.sql': "select count(*) as n from {{ ref('clean') }}",
      'models/gold/after_warn.sql': "select count(*) as n from {{ ref('warned') }}",
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: raw',
        '    columns:',
        '      - name: id',
        '        data_tests: [not_null]',
        '  - name: clean',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - accepted_values: {arguments: {values: [1]}}',
        '  - name: warned',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - unique: {config: {severity: warn}}',
      ].join('\n'),
    });
    const result = await execute('build', root);
    expect(statuses(result)).toEqual({
      raw: 'success',
      not_null_raw_id: 'pass',
      clean: 'success',
      warned: 'success',
      accepted_values_clean_id__1: 'fail',
      unique_warned_id: 'warn',
      report: 'skipped',
      after_warn: 'success',
    });
    const order = result.results.map((r) => nodeName(r.uniqueId));
    expect(order.indexOf('accepted_values_clean_id__1')).toBeLessThan(order.indexOf('report'));
    expect(order.indexOf('unique_warned_id')).toBeLessThan(order.indexOf('after_warn'));
    expect(result.reporter.events.at(-1)).toMatchObject({
      kind: 'summary',
      message: 'Done. PASS=5 WARN=1 ERROR=1 SKIP=1 TOTAL=8',
    });
  });
});

describe('malformed test definitions', () => {
  it('report the YAML file and line, and stop before anything runs', async () => {
    const root = project(
      ['    columns:', '      - name: amount', '        data_tests:', '          - no_such_test'].join('\n'),
    );
    await expect(execute('test', root)).rejects.toMatchObject({
      code: 'LDP601',
      span: { file: 'models/silver/orders.yml', line: 7 },
    });
  });
});
