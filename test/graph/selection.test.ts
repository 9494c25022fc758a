import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import { selectNodes } from '../../src/graph/selection/index.js';
import type { Manifest } from '../../src/model/manifest.js';
import { isolated, tempProject } from '../support/temp-project.js';

let manifest: Manifest;
let selectors: Record<string, unknown>;

beforeAll(async () => {
  const root = tempProject({
    'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    gold:\n      +tags: [marts]\n',
    'models/bronze/raw_orders.sql': "select * from {{ source('raw', 'orders') }}",
    'models/bronze/raw_customers.sql': 'select 1 as id',
    'models/silver/orders.sql':
      "{{ config(materialized='incremental') }}select * from {{ ref('raw_orders') }}",
    'models/silver/customers.sql': "select * from {{ ref('raw_customers') }}",
    'models/gold/revenue.sql':
      "{{ config(tags=['finance']) }}select * from {{ ref('orders') }} join {{ ref('customers') }} using (id)",
    'models/gold/report.sql': "select * from {{ ref('revenue') }}",
    'models/props.yml':
      'version: 2\nsources:\n  - name: raw\n    tables: [{name: orders}]\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [unique]\n',
    'tests/check_revenue.sql': "select * from {{ ref('revenue') }} where false",
    'selectors.yml':
      "selectors:\n  - name: nightly\n    definition:\n      union:\n        - method: tag\n          value: marts\n        - exclude:\n            - method: fqn\n              value: report\n  - name: everything_silver\n    default: true\n    definition: 'layer:silver'\n",
  });
  const parsed = await parse(isolated(root));
  manifest = parsed.manifest;
  selectors = parsed.project.selectors;
});

// Models and sources only: the fqn method never matches a source, as in dbt.
const select = (select: string[], extra: Record<string, unknown> = {}) =>
  selectNodes(manifest, {
    select,
    indirectSelection: 'empty',
    resourceTypes: ['model', 'source'],
    ...extra,
  }).selected.map((id) => id.split('.').slice(2).join('.'));

describe('node selection', () => {
  it('selects by name, tag, path, layer, config, resource_type, source and globs', () => {
    expect(select(['orders'])).toEqual(['orders']);
    expect(select(['orders'], { resourceTypes: ['model'] })).toEqual(['orders']);
    expect(select(['tag:marts'])).toEqual(['report', 'revenue']);
    expect(select(['tag:finance'])).toEqual(['revenue']);
    expect(select(['path:models/silver'])).toEqual(['customers', 'orders']);
    expect(select(['layer:bronze'])).toEqual(['raw_customers', 'raw_orders']);
    expect(select(['config.materialized:incremental'])).toEqual(['orders']);
    expect(select(['resource_type:source'])).toEqual(['raw.orders']);
    expect(select(['source:raw'])).toEqual(['raw.orders']);
    expect(select(['raw_*'])).toEqual(['raw_customers', 'raw_orders']);
    expect(select(['shop.gold'])).toEqual(['report', 'revenue']);
  });

  it('follows graph operators with depth', () => {
    expect(select(['+revenue'])).toEqual([
      'customers',
      'orders',
      'raw_customers',
      'raw_orders',
      'revenue',
      'raw.orders',
    ]);
    expect(select(['1+revenue'])).toEqual(['customers', 'orders', 'revenue']);
    expect(select(['customers+'])).toEqual(['customers', 'report', 'revenue']);
    expect(select(['customers+1'])).toEqual(['customers', 'revenue']);
    expect(select(['source:raw+'])).toEqual(['orders', 'raw_orders', 'report', 'revenue', 'raw.orders']);
    expect(select(['@orders'], { resourceTypes: ['model'] })).toEqual([
      'customers',
      'orders',
      'raw_customers',
      'raw_orders',
      'report',
      'revenue',
    ]);
  });

  it('unions with spaces, intersects with commas, and excludes', () => {
    expect(select(['orders customers'], { resourceTypes: ['model'] })).toEqual(['customers', 'orders']);
    expect(select(['tag:marts,tag:finance'])).toEqual(['revenue']);
    expect(select(['layer:silver+'], { exclude: ['revenue+'] })).toEqual(['customers', 'orders']);
  });

  it('selects the tests of selected nodes (eager indirect selection)', () => {
    const ids = selectNodes(manifest, { select: ['orders'] }).selected;
    expect(ids.some((id) => id.startsWith('test.shop.unique_orders_id'))).toBe(true);
    expect(selectNodes(manifest, { select: ['test_type:singular'] }).selected).toEqual([
      'test.shop.check_revenue',
    ]);
    expect(selectNodes(manifest, { select: ['test_type:generic'] }).selected.length).toBe(1);
  });

  it('uses selectors.yml, including the default selector', () => {
    expect(
      selectNodes(manifest, { selector: 'nightly', selectors, indirectSelection: 'empty' }).selected,
    ).toEqual(['model.shop.revenue']);
    expect(selectNodes(manifest, { selectors, indirectSelection: 'empty' }).selected).toEqual([
      'model.shop.customers',
      'model.shop.orders',
    ]);
    expect(() => selectNodes(manifest, { selector: 'nigthly', selectors })).toThrowError(
      /no selector named 'nigthly'/,
    );
  });

  it('scopes to the command resource types and warns on empty matches', () => {
    const result = selectNodes(manifest, { select: ['nothing_here'], resourceTypes: ['model'] });
    expect(result.selected).toEqual([]);
    expect(result.warnings).toEqual([
      "The selection criterion 'nothing_here' does not match any enabled nodes",
    ]);
    expect(selectNodes(manifest, { select: ['+revenue'], resourceTypes: ['model'] }).selected).not.toContain(
      'source.shop.raw.orders',
    );
  });

  it('rejects unknown methods with a suggestion', () => {
    expect(() => select(['tga:marts'])).toThrowError(/unknown selection method 'tga'/);
    try {
      select(['tga:marts']);
    } catch (error) {
      expect((error as { hint: string }).hint).toBe("Did you mean 'tag'?");
    }
  });
});
