import { describe, expect, it } from 'vitest';
import { execute, hasTable } from '../../support/lakehouse.js';
import { statusByName as statuses, unitTestProject } from './support.js';

const project = (expectedTotal: number) =>
  unitTestProject({
    'models/silver/orders.sql': 'select 1 as id, 2.5 as amount',
    'models/gold/totals.sql': "select id, sum(amount) as total from {{ ref('orders') }} group by id",
    'models/gold/report.sql': "select count(*) as n from {{ ref('totals') }}",
    'models/gold/other.sql': "select count(*) as n from {{ ref('orders') }}",
    'models/gold/gold.yml': [
      'version: 2',
      'models:',
      '  - name: totals',
      '    columns:',
      '      - name: id',
      '        data_tests: [not_null]',
      'unit_tests:',
      '  - name: totals_sum',
      '    model: totals',
      '    given: [{input: "ref(\'orders\')", rows: [{id: 1, amount: 1}, {id: 1, amount: 2}]}]',
      `    expect: {rows: [{id: 1, total: ${expectedTotal}}]}`,
    ].join('\n'),
  });

describe('unit tests in ldp build and ldp test', () => {
  it('build runs a model’s unit tests before it; a failing one skips the model and its downstream', async () => {
    const root = project(4);
    const result = await execute('build', root);
    expect(statuses(result)).toEqual({
      orders: 'success',
      'totals::totals_sum': 'fail',
      totals: 'skipped',
      not_null_totals_id: 'skipped',
      report: 'skipped',
      other: 'success',
    });
    const order = result.plan.steps.map((step) => step.common.name);
    expect(order.indexOf('totals_sum')).toBe(order.indexOf('totals') - 1);
    expect(order.indexOf('totals_sum')).toBeGreaterThan(order.indexOf('orders'));
    expect(result.plan.dependsOn.get('unit_test.shop.totals.totals_sum')).toEqual(['model.shop.orders']);
    expect(result.plan.dependsOn.get('model.shop.totals')).toContain('unit_test.shop.totals.totals_sum');
    expect(hasTable(root, 'gold.totals')).toBe(false);
    expect(hasTable(root, 'gold.other')).toBe(true);
    expect(result.results.find((r) => r.uniqueId === 'model.shop.totals')!.message).toBe(
      "skipped because 'totals_sum' did not pass",
    );
  });

  it('build runs a unit test only after the tested model’s parents and their tests passed', async () => {
    const root = unitTestProject({
      'models/silver/orders.sql': 'select 1 as id, null as amount',
      'models/silver/silver.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: amount',
        '        data_tests: [not_null]',
      ].join('\n'),
      'models/gold/totals.sql': "select id, sum(amount) as total from {{ ref('orders') }} group by id",
      'models/gold/gold.yml': [
        'version: 2',
        'unit_tests:',
        '  - name: totals_sum',
        '    model: totals',
        '    given: [{input: "ref(\'orders\')", rows: [{id: 1, amount: 1}]}]',
        '    expect: {rows: [{id: 1, total: 1}]}',
      ].join('\n'),
    });
    const result = await execute('build', root);
    expect(statuses(result)).toEqual({
      orders: 'success',
      not_null_orders_amount: 'fail',
      'totals::totals_sum': 'skipped',
      totals: 'skipped',
    });
    expect(result.plan.dependsOn.get('unit_test.shop.totals.totals_sum')).toEqual([
      'model.shop.orders',
      expect.stringMatching(/^test\.shop\.not_null_orders_amount\./),
    ]);
  });

  it('build goes on to the model when its unit tests pass', async () => {
    const root = project(3);
    const result = await execute('build', root);
    expect(statuses(result)).toMatchObject({
      'totals::totals_sum': 'pass',
      totals: 'success',
      report: 'success',
    });
    expect(hasTable(root, 'gold.totals')).toBe(true);
  });

  it('build gives a fixture the columns its parent has once built, in the same run (a view too)', async () => {
    const root = unitTestProject({
      'models/silver/orders.sql':
        "{{ config(materialized='view') }} select 1 as id, 2.5 as amount, 'web' as channel",
      'models/gold/by_channel.sql':
        "select channel, count(id) as n, sum(amount) as total from {{ ref('orders') }} group by channel",
      'models/gold/gold.yml': [
        'version: 2',
        'unit_tests:',
        '  - name: counts_ids',
        '    model: by_channel',
        '    given: [{input: "ref(\'orders\')", rows: [{id: 1}, {id: 2}]}]',
        '    expect: {rows: [{channel: null, n: 2, total: null}]}',
      ].join('\n'),
    });
    const result = await execute('build', root);
    expect(statuses(result)).toEqual({
      orders: 'success',
      'by_channel::counts_ids': 'pass',
      by_channel: 'success',
    });
  });

  it('test runs unit and data tests; test_type:unit and test_type:data select one kind', async () => {
    const root = project(3);
    await execute('run', root);
    const all = await execute('test', root);
    expect(statuses(all)).toEqual({ 'totals::totals_sum': 'pass', not_null_totals_id: 'pass' });
    const unit = await execute('test', root, { select: ['test_type:unit'] });
    expect(Object.keys(statuses(unit))).toEqual(['totals::totals_sum']);
    const data = await execute('test', root, { select: ['test_type:data'] });
    expect(Object.keys(statuses(data))).toEqual(['not_null_totals_id']);
    const byModel = await execute('test', root, { select: ['totals'] });
    expect(Object.keys(statuses(byModel)).sort()).toEqual(['not_null_totals_id', 'totals::totals_sum']);
    const run = await execute('run', root);
    expect(run.results.some((r) => r.uniqueId.startsWith('unit_test.'))).toBe(false);
  });
});
