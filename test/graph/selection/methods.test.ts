import { describe, expect, it } from 'vitest';
import { LdpError } from '../../../src/errors/index.js';
import { type SelectOptions, selectNodes } from '../../../src/graph/selection/index.js';
import { shopManifest, short } from './fixture.js';

const manifest = shopManifest();

/** Direct matches only: no tests join through indirect selection. */
const pick = (select: string, options: SelectOptions = {}) =>
  short(selectNodes(manifest, { select: [select], indirectSelection: 'empty', ...options }).selected);

describe('fqn method (the default)', () => {
  it('matches names, fqn prefixes, folders and the project', () => {
    expect(pick('orders')).toEqual(['orders']);
    expect(pick('fqn:orders')).toEqual(['orders']);
    // Generic tests live where their properties file is, so a folder selects them too, as in dbt.
    expect(pick('silver')).toEqual([
      'customers',
      'not_null_orders_id',
      'orders',
      'relationships_orders_customer_id',
    ]);
    expect(pick('shop.silver', { resourceTypes: ['model'] })).toEqual(['customers', 'orders']);
    expect(pick('shop.silver.orders')).toEqual(['orders']);
    expect(pick('utils')).toEqual(['calendar']);
    expect(pick('shop', { resourceTypes: ['model'] })).not.toContain('calendar');
  });

  it('never matches sources, as dbt', () => {
    expect(pick('raw')).toEqual([]);
    expect(pick('customers', { resourceTypes: ['model', 'source'] })).toEqual(['customers']);
  });

  it('matches path suffixes and package.name', () => {
    expect(pick('gold.revenue', { resourceTypes: ['model'] })).toEqual(['revenue']);
    expect(pick('shop.revenue')).toEqual(['revenue']);
    // dbt's unit test fqn is project, folders, model, test: a prefix selects a model's unit tests.
    expect(pick('gold.revenue', { resourceTypes: ['unit_test'] })).toEqual(['revenue.revenue_math']);
    expect(pick('utils.calendar')).toEqual(['calendar']);
    expect(pick('utils.revenue')).toEqual([]);
  });

  it('matches wildcards against the fqn, and bare wildcards against names at any depth', () => {
    expect(pick('stg_*')).toEqual(['stg_customers', 'stg_orders']);
    expect(pick('stg_?rders')).toEqual(['stg_orders']);
    expect(pick('shop.gold.*', { resourceTypes: ['model'] })).toEqual([
      'dim_customers.v1',
      'dim_customers.v2',
      'report',
      'revenue',
    ]);
    expect(pick('*.silver.*', { resourceTypes: ['model'] })).toEqual(['customers', 'orders']);
    expect(pick('[cr]*', { resourceTypes: ['model'] })).toEqual([
      'calendar',
      'customers',
      'report',
      'revenue',
    ]);
    // A wildcard matches the rest of the fqn, so it can reach past the name into folders, as in dbt.
    expect(pick('*orders', { resourceTypes: ['model'] })).toEqual(['orders', 'stg_orders']);
  });

  it('selects versioned models by name, name_vN and name.vN', () => {
    expect(pick('dim_customers')).toEqual(['dim_customers.v1', 'dim_customers.v2']);
    expect(pick('dim_customers_v1')).toEqual(['dim_customers.v1']);
    expect(pick('dim_customers.v2')).toEqual(['dim_customers.v2']);
    expect(pick('gold.dim_customers')).toEqual(['dim_customers.v1', 'dim_customers.v2']);
  });
});

describe('other methods', () => {
  it('tag, with wildcards, on models and exposures', () => {
    expect(pick('tag:finance')).toEqual(['dashboard', 'orders', 'revenue']);
    expect(pick('tag:fin*')).toEqual(['dashboard', 'orders', 'revenue']);
    expect(pick('tag:nope')).toEqual([]);
  });

  it('path: folders, files with or without extension, globs, absolute paths', () => {
    expect(pick('path:models/silver', { resourceTypes: ['model'] })).toEqual(['customers', 'orders']);
    expect(pick('path:./models/silver/', { resourceTypes: ['model'] })).toEqual(['customers', 'orders']);
    expect(pick('path:models/silver/orders.sql')).toEqual(['orders']);
    expect(pick('path:models/silver/orders')).toEqual(['orders']);
    expect(pick('models/gold/report.sql')).toEqual(['report']);
    expect(pick('path:models/*/stg_*')).toEqual(['stg_customers', 'stg_orders']);
    expect(pick('path:models/**/*.yml')).toEqual([
      'dashboard',
      'not_null_orders_id',
      'raw.customers',
      'raw.orders',
      'relationships_orders_customer_id',
      'relationships_revenue_customer_id',
      'revenue.revenue_math',
      'source_not_null_raw_orders_id',
    ]);
    expect(
      pick('path:/work/proj/models/bronze', { projectRoot: '/work/proj', resourceTypes: ['model'] }),
    ).toEqual(['stg_customers', 'stg_orders']);
    expect(pick('path:/elsewhere/models', { projectRoot: '/work/proj' })).toEqual([]);
    expect(pick('path:models/silv')).toEqual([]);
  });

  it('file: the file name or its stem, with wildcards', () => {
    expect(pick('file:orders.sql')).toEqual(['orders']);
    expect(pick('file:orders')).toEqual(['orders']);
    expect(pick('file:*orders*.sql')).toEqual(['orders', 'orders_snapshot', 'stg_orders']);
    expect(pick('country_codes.csv')).toEqual(['country_codes']);
  });

  it('layer: the medallion layer of models', () => {
    expect(pick('layer:bronze')).toEqual(['stg_customers', 'stg_orders']);
    expect(pick('layer:s*')).toEqual(['customers', 'orders']);
  });

  it('config.<key>: scalars, lists, booleans, nested keys, extra keys and severity', () => {
    expect(pick('config.materialized:incremental')).toEqual(['orders']);
    expect(pick('config.materialized:table', { resourceTypes: ['model'] })).toEqual(['customers', 'revenue']);
    expect(pick('config.tags:nightly')).toEqual(['orders']);
    expect(pick('config.full_refresh:false')).toEqual(['orders']);
    expect(pick('config.full_refresh:FALSE')).toEqual(['orders']);
    expect(pick('config.full_refresh:true')).toEqual([]);
    expect(pick('config.meta.owner:alice')).toEqual(['orders']);
    expect(pick('config.access:public')).toEqual(['customers']);
    expect(pick('config.severity:WARN')).toEqual(['assert_revenue_positive']);
    expect(pick('config.materialized:incr*')).toEqual(['orders']);
  });

  it('resource_type, source, exposure, package', () => {
    expect(pick('resource_type:source')).toEqual(['raw.customers', 'raw.orders']);
    expect(pick('resource_type:exposure')).toEqual(['dashboard']);
    expect(pick('resource_type:unit_test')).toEqual(['revenue.revenue_math']);
    expect(pick('source:raw')).toEqual(['raw.customers', 'raw.orders']);
    expect(pick('source:raw.orders')).toEqual(['raw.orders']);
    expect(pick('source:shop.raw.orders')).toEqual(['raw.orders']);
    expect(pick('source:other.raw.orders')).toEqual([]);
    expect(pick('source:raw.cust*')).toEqual(['raw.customers']);
    expect(pick('exposure:dashboard')).toEqual(['dashboard']);
    expect(pick('exposure:shop.dash*')).toEqual(['dashboard']);
    expect(pick('package:utils')).toEqual(['calendar']);
    expect(pick('package:this', { resourceTypes: ['seed'] })).toEqual(['country_codes']);
  });

  it('test_type and test_name', () => {
    expect(pick('test_type:generic')).toEqual([
      'not_null_orders_id',
      'relationships_orders_customer_id',
      'relationships_revenue_customer_id',
      'source_not_null_raw_orders_id',
    ]);
    expect(pick('test_type:singular')).toEqual(['assert_revenue_positive']);
    expect(pick('test_type:data')).toHaveLength(5);
    expect(pick('test_type:unit')).toEqual(['revenue.revenue_math']);
    expect(pick('test_name:not_null')).toEqual(['not_null_orders_id', 'source_not_null_raw_orders_id']);
    expect(pick('test_name:rel*')).toEqual([
      'relationships_orders_customer_id',
      'relationships_revenue_customer_id',
    ]);
    expect(pick('test_name:revenue_math')).toEqual(['revenue.revenue_math']);
  });

  it('unit_test and version', () => {
    expect(pick('unit_test:revenue_*')).toEqual(['revenue.revenue_math']);
    expect(pick('unit_test:revenue_math')).toEqual(['revenue.revenue_math']);
    expect(pick('unit_test:shop.gold.*')).toEqual(['revenue.revenue_math']);
    expect(pick('unit_test:revenue')).toEqual([]);
    expect(pick('version:latest')).toEqual(['dim_customers.v2']);
    expect(pick('version:old')).toEqual(['dim_customers.v1']);
    expect(pick('version:prerelease')).toEqual([]);
    expect(pick('version:none', { resourceTypes: ['model'] })).toHaveLength(7);
  });

  it.each([
    ['resource_type:modle', "Did you mean 'model'?"],
    ['test_type:singualr', "Did you mean 'singular'?"],
    ['version:newest', 'Write one of latest, prerelease, old, none.'],
    [
      'source:a.b.c.d',
      'Write source:<source>, source:<source>.<table> or source:<package>.<source>.<table>.',
    ],
    ['exposure:a.b.c', 'Write exposure:<name> or exposure:<package>.<name>.'],
  ])('rejects the value of %s', (select, hint) => {
    try {
      pick(select);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LdpError);
      expect((error as LdpError).code).toBe('LDP325');
      expect((error as LdpError).message).toContain(`in the selector '${select}'`);
      expect((error as LdpError).hint).toBe(hint);
    }
  });
});
