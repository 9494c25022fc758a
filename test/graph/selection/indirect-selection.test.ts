import { describe, expect, it } from 'vitest';
import {
  type IndirectSelection,
  type SelectOptions,
  selectNodes,
} from '../../../src/graph/selection/index.js';
import { shopManifest, short } from './fixture.js';

const manifest = shopManifest();
const TESTS = ['test', 'unit_test'] as const;

/** The tests a selection brings in, by short name. */
const testsOf = (select: string[], indirectSelection?: IndirectSelection, options: SelectOptions = {}) =>
  short(
    selectNodes(manifest, {
      select,
      resourceTypes: [...TESTS],
      ...(indirectSelection ? { indirectSelection } : {}),
      ...options,
    }).selected,
  );

describe('indirect selection of tests', () => {
  it('eager (the default): a test joins when any of its parents is selected', () => {
    expect(testsOf(['orders'])).toEqual(['not_null_orders_id', 'relationships_orders_customer_id']);
    expect(testsOf(['revenue'])).toEqual([
      'assert_revenue_positive',
      'relationships_revenue_customer_id',
      'revenue.revenue_math',
    ]);
    expect(testsOf(['source:raw.orders'])).toEqual(['source_not_null_raw_orders_id']);
  });

  it('selects the tested nodes together with their tests', () => {
    const result = selectNodes(manifest, { select: ['orders'] });
    expect(short(result.selected)).toEqual([
      'not_null_orders_id',
      'orders',
      'relationships_orders_customer_id',
    ]);
  });

  it('cautious: only tests whose parents are all selected, also across a union', () => {
    expect(testsOf(['orders'], 'cautious')).toEqual(['not_null_orders_id']);
    expect(testsOf(['orders customers'], 'cautious')).toEqual([
      'not_null_orders_id',
      'relationships_orders_customer_id',
    ]);
    expect(testsOf(['orders', 'customers'], 'cautious')).toContain('relationships_orders_customer_id');
    expect(testsOf(['revenue'], 'cautious')).toEqual(['assert_revenue_positive', 'revenue.revenue_math']);
  });

  it('buildable: also tests whose other parents are ancestors of the selection', () => {
    // customers is upstream of revenue, so the relationships test can run after a build of revenue.
    expect(testsOf(['revenue'], 'buildable')).toEqual([
      'assert_revenue_positive',
      'relationships_revenue_customer_id',
      'revenue.revenue_math',
    ]);
    // customers is not upstream of orders.
    expect(testsOf(['orders'], 'buildable')).toEqual(['not_null_orders_id']);
  });

  it('empty: no test joins through the nodes it tests', () => {
    expect(testsOf(['orders'], 'empty')).toEqual([]);
    expect(testsOf(['orders customers'], 'empty')).toEqual([]);
    // A graph operator still walks into tests, as they are children in the graph.
    expect(testsOf(['orders+1'], 'empty')).toEqual([
      'not_null_orders_id',
      'relationships_orders_customer_id',
    ]);
  });

  it('unit tests join through their model', () => {
    expect(testsOf(['revenue'], 'cautious')).toContain('revenue.revenue_math');
    expect(testsOf(['+report'], 'eager')).toContain('revenue.revenue_math');
    expect(testsOf(['report'], 'eager')).toEqual([]);
  });

  it('excluding a node excludes the tests attached to it, whatever the mode', () => {
    expect(testsOf(['orders customers'], 'eager', { exclude: ['customers'] })).toEqual([
      'not_null_orders_id',
    ]);
    expect(testsOf(['orders customers'], 'cautious', { exclude: ['customers'] })).toEqual([
      'not_null_orders_id',
    ]);
    expect(testsOf(['+revenue'], 'eager', { exclude: ['source:raw'] })).not.toContain(
      'source_not_null_raw_orders_id',
    );
    // A test selected by name is still excluded with its model.
    expect(testsOf(['not_null_orders_id'], 'eager', { exclude: ['orders'] })).toEqual([]);
  });

  it('a yaml criterion can set its own mode', () => {
    const selectors = {
      careful: { definition: { method: 'fqn', value: 'orders', indirect_selection: 'cautious' } },
      plain: { definition: { method: 'fqn', value: 'orders' } },
    };
    expect(testsOf([], undefined, { selector: 'careful', selectors, select: [] })).toEqual([
      'not_null_orders_id',
    ]);
    expect(testsOf([], 'cautious', { selector: 'plain', selectors, select: [] })).toEqual([
      'not_null_orders_id',
    ]);
    expect(testsOf([], 'eager', { selector: 'plain', selectors, select: [] })).toHaveLength(2);
  });
});
