import { describe, expect, it } from 'vitest';
import { type SelectOptions, selectNodes } from '../../../src/graph/selection/index.js';
import type { GraphNode } from '../../../src/model/node.js';
import { manifestOf, model, shopManifest, short } from './fixture.js';

const manifest = shopManifest();

const pick = (select: string, options: SelectOptions = {}) =>
  short(selectNodes(manifest, { select: [select], indirectSelection: 'empty', ...options }).selected);

describe('graph operators', () => {
  it('+x selects every ancestor, sources and seeds included', () => {
    expect(pick('+revenue')).toEqual([
      'country_codes',
      'customers',
      'orders',
      'raw.customers',
      'raw.orders',
      'revenue',
      'stg_customers',
      'stg_orders',
    ]);
  });

  it('x+ selects every descendant: models, tests, exposures, analyses', () => {
    expect(pick('orders+')).toEqual([
      'assert_revenue_positive',
      'dashboard',
      'explore',
      'not_null_orders_id',
      'orders',
      'relationships_orders_customer_id',
      'relationships_revenue_customer_id',
      'report',
      'revenue',
      'revenue.revenue_math',
    ]);
  });

  it('n+x and x+n stop after n steps', () => {
    expect(pick('1+revenue')).toEqual(['customers', 'orders', 'revenue']);
    expect(pick('2+revenue')).toEqual([
      'country_codes',
      'customers',
      'orders',
      'revenue',
      'stg_customers',
      'stg_orders',
    ]);
    expect(pick('revenue+1', { resourceTypes: ['model'] })).toEqual(['report', 'revenue']);
    expect(pick('stg_orders+2', { resourceTypes: ['model', 'snapshot'] })).toEqual([
      'orders',
      'orders_snapshot',
      'revenue',
      'stg_orders',
    ]);
    expect(pick('0+revenue')).toEqual(['revenue']);
  });

  it('+x+ combines both directions', () => {
    expect(pick('+customers+', { resourceTypes: ['model', 'seed', 'source'] })).toEqual([
      'country_codes',
      'customers',
      'dim_customers.v1',
      'dim_customers.v2',
      'raw.customers',
      'report',
      'revenue',
      'stg_customers',
    ]);
  });

  it('@x adds the ancestors of every descendant', () => {
    // stg_orders → orders → revenue, and revenue also needs customers and their ancestors.
    expect(pick('@stg_orders', { resourceTypes: ['model', 'seed', 'source', 'snapshot'] })).toEqual([
      'country_codes',
      'customers',
      'orders',
      'orders_snapshot',
      'raw.customers',
      'raw.orders',
      'report',
      'revenue',
      'stg_customers',
      'stg_orders',
    ]);
  });

  it('applies to every node a method matches, sources and exposures included', () => {
    expect(pick('source:raw.orders+', { resourceTypes: ['model', 'snapshot'] })).toEqual([
      'orders',
      'orders_snapshot',
      'report',
      'revenue',
      'stg_orders',
    ]);
    expect(pick('+exposure:dashboard', { resourceTypes: ['source', 'seed'] })).toEqual([
      'country_codes',
      'raw.customers',
      'raw.orders',
    ]);
    expect(pick('tag:staging+1', { resourceTypes: ['model'] })).toEqual([
      'customers',
      'orders',
      'stg_customers',
      'stg_orders',
    ]);
  });

  it('walks 10,000 nodes in linear time', () => {
    const count = 10_000;
    const nodes: GraphNode[] = [];
    const edges: [string, string][] = [];
    for (let i = 0; i < count; i++) {
      nodes.push(model(`models/layer${i % 10}/m${i}.sql`, { tags: i % 2 === 0 ? ['even'] : [] }));
      // Two parents each: the previous node and one a hundred back, so paths multiply.
      if (i > 0) edges.push([`model.shop.m${i - 1}`, `model.shop.m${i}`]);
      if (i >= 100) edges.push([`model.shop.m${i - 100}`, `model.shop.m${i}`]);
    }
    const big = manifestOf(nodes, edges);
    const middle = selectNodes(big, { select: ['+m5000+'] });
    expect(middle.selected).toHaveLength(count);
    const ancestors = selectNodes(big, { select: ['+m5000'] });
    expect(ancestors.selected).toHaveLength(5001);
    const limited = selectNodes(big, { select: ['3+m5000'] });
    expect(short(limited.selected)).toContain('m4997');
    expect(short(limited.selected)).not.toContain('m4996');
    // Even nodes of folder layer4 are every tenth node: 1,000 of them, plus m9999, minus m4.
    const tagged = selectNodes(big, { select: ['tag:even,layer4', 'm9999+'], exclude: ['m4'] });
    expect(tagged.selected).toHaveLength(1000);
  });
});
