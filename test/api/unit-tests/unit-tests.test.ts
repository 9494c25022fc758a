import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute } from '../../support/lakehouse.js';
import { catalogResult, unitResult, unitTestProject, warehouseTables } from './support.js';

const ORDERS = {
  'models/silver/orders.sql': "select 1 as id, 'open' as status, 10.5 as amount",
  'models/gold/order_totals.sql': [
    'select id, count(*) as lines, sum(amount) as total',
    "from {{ ref('orders') }}",
    "where status != 'void'",
    'group by id',
  ].join('\n'),
};

const unitTests = (body: string) => `version: 2\nunit_tests:\n${body}`;

describe('unit tests', () => {
  it('pass on matching rows in any order, over a subset of columns, without any warehouse table', async () => {
    const root = unitTestProject({
      ...ORDERS,
      'models/gold/gold.yml': unitTests(`
  - name: sums_per_order
    model: order_totals
    given:
      - input: ref('orders')
        rows:
          - {id: 1, status: open, amount: 2.5}
          - {id: 1, status: open, amount: 3}
          - {id: 2, status: void, amount: 100}
          - {id: 3, status: open, amount: 4}
    expect:
      rows:
        - {id: 3, total: 4}
        - {id: 1, total: 5.5}
`),
    });
    const result = await execute('test', root);
    const unit = unitResult(result, 'sums_per_order');
    expect(unit).toMatchObject({ status: 'pass', detail: 'PASS', failures: 0 });
    expect(result.failed).toBe(false);
    // The upstream model was never built: the test read its fixture only.
    expect(warehouseTables(root)).toEqual([]);

    const compiledPath = 'target/compiled/shop/models/gold/gold.yml/order_totals/sums_per_order.sql';
    const compiled = readFileSync(join(root, compiledPath), 'utf8');
    expect(compiled).toContain('from "__ldp_input__orders"');
    expect(compiled).toContain(`-- "__ldp_input__orders": ref('orders')`);

    const runResults = JSON.parse(readFileSync(join(root, 'target/run_results.json'), 'utf8'));
    expect(runResults.results).toEqual([
      expect.objectContaining({
        unique_id: 'unit_test.shop.order_totals.sums_per_order',
        status: 'pass',
        compiled_path: compiledPath,
        failures: 0,
      }),
    ]);
    expect(catalogResult(root, result.runId, unit.uniqueId)).toMatchObject({
      status: 'pass',
      resourceType: 'unit_test',
      materialization: 'unit-test',
    });
  });

  it('fail with a readable diff of missing (-) and unexpected (+) rows', async () => {
    const root = unitTestProject({
      ...ORDERS,
      'models/gold/gold.yml': unitTests(`
  - name: wrong_totals
    model: order_totals
    given:
      - input: ref('orders')
        rows:
          - {id: 1, status: open, amount: 2.5}
          - {id: 2, status: open, amount: 7}
    expect:
      rows:
        - {id: 1, lines: 1, total: 2.5}
        - {id: 2, lines: 1, total: 8}
        - {id: 3, lines: 2, total: 1}
`),
    });
    const result = await execute('test', root);
    const unit = unitResult(result, 'wrong_totals');
    expect(unit).toMatchObject({ status: 'fail', detail: 'FAIL 3', failures: 3 });
    expect(result.failed).toBe(true);
    expect(unit.message).toBe(
      [
        'actual differs from expected: 2 rows missing (-), 1 unexpected row (+); expected 3 rows, got 2',
        '  | id | lines | total |',
        '  |----|-------|-------|',
        '- | 2  | 1     | 8.0   |',
        '+ | 2  | 1     | 7.0   |',
        '- | 3  | 2     | 1.0   |',
      ].join('\n'),
    );
    const line = result.reporter.events.find((e) => e.kind === 'node-end');
    expect(line).toMatchObject({ status: 'fail', message: unit.message });
  });

  it('compare rows as a multiset: each duplicate counts', async () => {
    const root = unitTestProject({
      'models/silver/events.sql': "select 'a' as kind",
      'models/gold/kinds.sql': "select kind from {{ ref('events') }}",
      'models/gold/gold.yml': unitTests(`
  - name: one_of_each_is_not_enough
    model: kinds
    given:
      - input: ref('events')
        rows: [{kind: a}, {kind: a}, {kind: b}]
    expect:
      rows: [{kind: a}, {kind: b}]
  - name: duplicates_match
    model: kinds
    given:
      - input: ref('events')
        rows: [{kind: a}, {kind: a}, {kind: b}]
    expect:
      rows: [{kind: b}, {kind: a}, {kind: a}]
  - name: too_many_expected
    model: kinds
    given:
      - input: ref('events')
        rows: [{kind: a}]
    expect:
      rows: [{kind: a}, {kind: a}]
`),
    });
    const result = await execute('test', root);
    expect(unitResult(result, 'one_of_each_is_not_enough')).toMatchObject({ status: 'fail', failures: 1 });
    expect(unitResult(result, 'one_of_each_is_not_enough').message).toContain('+ | a    |');
    expect(unitResult(result, 'duplicates_match').status).toBe('pass');
    expect(unitResult(result, 'too_many_expected')).toMatchObject({ status: 'fail', failures: 1 });
    expect(unitResult(result, 'too_many_expected').message).toMatch(
      /^actual differs from expected: 1 row missing \(-\); expected 2 rows, got 1/,
    );
  });

  it('expect with no rows passes on an empty output and shows every column of unexpected rows', async () => {
    const root = unitTestProject({
      ...ORDERS,
      'models/gold/gold.yml': unitTests(`
  - name: void_orders_vanish
    model: order_totals
    given:
      - input: ref('orders')
        rows: [{id: 1, status: void, amount: 1}]
    expect:
      rows: []
  - name: open_orders_stay
    model: order_totals
    given:
      - input: ref('orders')
        rows: [{id: 1, status: open, amount: 1}]
    expect:
      rows: []
`),
    });
    const result = await execute('test', root);
    expect(unitResult(result, 'void_orders_vanish').status).toBe('pass');
    const failing = unitResult(result, 'open_orders_stay');
    expect(failing.status).toBe('fail');
    expect(failing.message).toContain('| id | lines | total |');
  });

  it('never reads the warehouse: fixtures win over the tables a run built', async () => {
    const root = unitTestProject({
      ...ORDERS,
      'models/gold/gold.yml': unitTests(`
  - name: from_fixture
    model: order_totals
    given:
      - input: ref('orders')
        rows: [{id: 7, status: open, amount: 1}]
    expect:
      rows: [{id: 7, lines: 1, total: 1}]
`),
    });
    await execute('run', root);
    expect(warehouseTables(root).sort()).toEqual(['gold.order_totals', 'silver.orders']);
    const result = await execute('test', root);
    expect(unitResult(result, 'from_fixture').status).toBe('pass');
  });

  it('skips a unit test disabled in its config and selects by its config tags', async () => {
    const root = unitTestProject({
      ...ORDERS,
      'models/gold/gold.yml': unitTests(`
  - name: disabled_one
    model: order_totals
    config: {enabled: false}
    given: [{input: "ref('orders')", rows: []}]
    expect: {rows: []}
  - name: tagged_one
    model: order_totals
    config: {tags: [money]}
    given: [{input: "ref('orders')", rows: []}]
    expect: {rows: []}
  - name: untagged_one
    model: order_totals
    given: [{input: "ref('orders')", rows: []}]
    expect: {rows: []}
`),
      'models/silver/silver.yml':
        'version: 2\nmodels:\n  - name: orders\n    columns:\n      - {name: id, data_type: integer}\n      - {name: status, data_type: varchar}\n      - {name: amount, data_type: double}\n',
    });
    const all = await execute('test', root);
    expect(all.results.map((r) => r.uniqueId).sort()).toEqual([
      'unit_test.shop.order_totals.tagged_one',
      'unit_test.shop.order_totals.untagged_one',
    ]);
    const tagged = await execute('test', root, { select: ['tag:money'] });
    expect(tagged.results.map((r) => r.uniqueId)).toEqual(['unit_test.shop.order_totals.tagged_one']);
    expect(
      existsSync(join(root, 'target/compiled/shop/models/gold/gold.yml/order_totals/disabled_one.sql')),
    ).toBe(false);
  });
});
