import { describe, expect, it } from 'vitest';
import { type SelectOptions, selectNodes } from '../../../src/graph/selection/index.js';
import { shopManifest, short } from './fixture.js';

const manifest = shopManifest();

const run = (options: SelectOptions) =>
  selectNodes(manifest, { indirectSelection: 'empty', resourceTypes: ['model'], ...options });
const pick = (options: SelectOptions) => short(run(options).selected);

describe('set operators', () => {
  it('a space is a union, and several --select values are one union', () => {
    expect(pick({ select: ['orders customers'] })).toEqual(['customers', 'orders']);
    expect(pick({ select: ['orders', 'customers  report'] })).toEqual(['customers', 'orders', 'report']);
    expect(pick({ select: ['orders orders'] })).toEqual(['orders']);
  });

  it('a comma is an intersection, graph operators included', () => {
    expect(pick({ select: ['tag:finance,layer:gold'] })).toEqual(['revenue']);
    expect(pick({ select: ['+revenue,layer:bronze'] })).toEqual(['stg_customers', 'stg_orders']);
    expect(pick({ select: ['+report,stg_orders+,tag:finance'] })).toEqual(['orders', 'revenue']);
  });

  it('--exclude takes the same syntax and is subtracted', () => {
    expect(pick({ select: ['layer:silver+'], exclude: ['revenue+'] })).toEqual([
      'customers',
      'dim_customers.v1',
      'dim_customers.v2',
      'orders',
    ]);
    expect(pick({ select: ['+report'], exclude: ['layer:bronze tag:finance'] })).toEqual([
      'customers',
      'report',
    ]);
    expect(pick({ select: ['+report'], exclude: ['layer:bronze', 'tag:finance'] })).toEqual([
      'customers',
      'report',
    ]);
    expect(pick({ select: ['+report'], exclude: ['+customers,layer:bronze'] })).not.toContain(
      'stg_customers',
    );
  });

  it('--exclude alone is subtracted from every node', () => {
    expect(pick({ exclude: ['package:shop'] })).toEqual(['calendar']);
    const all = selectNodes(manifest, { exclude: ['tag:finance'] }).selected;
    expect(all).not.toContain('model.shop.orders');
    expect(all).not.toContain('test.shop.not_null_orders_id');
    expect(all).toContain('seed.shop.country_codes');
  });

  it('selects every node of the command scope when nothing is given', () => {
    expect(selectNodes(manifest).selected).toHaveLength(manifest.nodes.size);
    expect(selectNodes(manifest, { select: [], exclude: [] }).selected).toHaveLength(manifest.nodes.size);
    expect(short(selectNodes(manifest, { resourceTypes: ['seed', 'snapshot'] }).selected)).toEqual([
      'country_codes',
      'orders_snapshot',
    ]);
  });

  it('returns sorted unique ids', () => {
    const ids = run({ select: ['revenue +revenue orders'], resourceTypes: undefined }).selected;
    expect(ids).toEqual([...new Set(ids)].sort());
  });
});

describe('warnings', () => {
  it('names each command-line term that matches nothing, as dbt', () => {
    const result = run({ select: ['nothing_here tag:finance', 'tag:finance,layer:bronze'] });
    expect(short(result.selected)).toEqual(['orders', 'revenue']);
    expect(result.warnings).toEqual([
      "The selection criterion 'nothing_here' does not match any enabled nodes",
      "The selection criterion 'tag:finance,layer:bronze' does not match any enabled nodes",
    ]);
  });

  it('warns for excludes too, and once per criterion', () => {
    const result = run({ select: ['nope nope'], exclude: ['gone'] });
    expect(result.selected).toEqual([]);
    expect(result.warnings).toEqual([
      "The selection criterion 'nope' does not match any enabled nodes",
      "The selection criterion 'gone' does not match any enabled nodes",
    ]);
  });

  it('does not warn when matches fall outside the command scope', () => {
    const result = run({ select: ['orders'], resourceTypes: ['seed'] });
    expect(result.selected).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});
