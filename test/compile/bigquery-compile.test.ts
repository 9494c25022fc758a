import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileInline } from '../../src/api/compile/compile-inline.js';
import { compile, LdpError, LdpErrors, parse } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

const PROFILES = [
  'shop:',
  '  target: dev',
  '  outputs:',
  '    dev:',
  '      type: duckdb',
  '    prod:',
  '      type: bigquery',
  '      project: my-gcp',
  '      dataset: analytics',
].join('\n');

function project(files: Record<string, string> = {}): string {
  return tempProject({
    'ldp_project.yml': 'name: shop\nprofile: shop\n',
    'profiles.yml': PROFILES,
    'models/bronze/raw_orders.sql': "select 1 as id, 'a' as status",
    'models/silver/orders.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('raw_orders') }}",
    'models/gold/revenue.sql':
      "{{ config(schema='marts') }}\nselect * from {{ ref('orders') }} join {{ source('shop_raw', 'payments') }} using (id)",
    'models/sources.yml': 'version: 2\nsources:\n  - name: shop_raw\n    tables:\n      - name: payments\n',
    ...files,
  });
}

async function parsedFor(root: string, target: 'dev' | 'prod') {
  return parse(isolated(root, { target }));
}

async function errorOf(promise: Promise<unknown>): Promise<LdpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LdpErrors) return error.errors[0]!;
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('compiling for a BigQuery target', () => {
  it('names relations `project`.`dataset`.`table`, each layer a dataset <dataset>_<layer>', async () => {
    const root = project();
    await compile(isolated(root, { target: 'prod' }));
    const compiled = (path: string) => readFileSync(join(root, 'target/compiled/shop/models', path), 'utf8');
    expect(compiled('silver/orders.sql')).toContain('select * from `my-gcp`.`analytics_bronze`.`raw_orders`');
    expect(compiled('gold/revenue.sql')).toContain(
      'select * from `my-gcp`.`analytics_silver`.`orders` join `my-gcp`.`shop_raw`.`payments` using (id)',
    );
    const manifest = JSON.parse(readFileSync(join(root, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.revenue'].schema).toBe('analytics_marts');
    expect(manifest.nodes['model.shop.revenue'].relation_name).toBe('`my-gcp`.`analytics_marts`.`revenue`');
    expect(manifest.sources['source.shop.shop_raw.payments'].relation_name).toBe(
      '`my-gcp`.`shop_raw`.`payments`',
    );
    expect(manifest.metadata.adapter_type).toBe('bigquery');
  });

  it('keeps the local names on the duckdb target of the same project', async () => {
    const parsed = await parsedFor(project(), 'dev');
    expect(compileInline(parsed, "select * from {{ ref('orders') }}")).toBe(
      'select * from "silver"."orders"',
    );
  });

  it('renders this, adapter.quote and a database config with BigQuery quoting', async () => {
    const root = project({
      'models/gold/other.sql':
        "{{ config(database='other-proj', alias='we`ird') }}\nselect '{{ this }}' as me, {{ adapter.quote('a b') }} from x",
    });
    await compile(isolated(root, { target: 'prod' }));
    const sql = readFileSync(join(root, 'target/compiled/shop/models/gold/other.sql'), 'utf8');
    expect(sql).toContain("select '`other-proj`.`analytics_gold`.`we\\`ird`' as me, `a b` from x");
  });

  it("lets the project's generate_schema_name choose one dataset per layer", async () => {
    const root = project({
      'macros/naming.sql':
        '{% macro generate_schema_name(custom_schema_name, node) %}{{ (custom_schema_name or node.layer or target.schema) | trim }}{% endmacro %}',
    });
    const parsed = await parsedFor(root, 'prod');
    expect(compileInline(parsed, "select * from {{ ref('orders') }}")).toBe(
      'select * from `my-gcp`.`silver`.`orders`',
    );
  });

  it('still refuses a ref to a higher layer', async () => {
    const root = project({ 'models/bronze/early.sql': "select * from {{ ref('orders') }}" });
    const error = await errorOf(parsedFor(root, 'prod'));
    expect(error.message).toContain("'early'");
    expect(error.hint).toContain("layer 'silver' or higher");
  });

  it('dispatches to bigquery__ macros before default__ ones on a BigQuery target only', async () => {
    const root = project({
      'macros/flavour.sql': [
        "{% macro flavour() %}{{ return(adapter.dispatch('flavour')()) }}{% endmacro %}",
        '{% macro default__flavour() %}portable{% endmacro %}',
        '{% macro bigquery__flavour() %}googlesql{% endmacro %}',
      ].join('\n'),
    });
    expect(compileInline(await parsedFor(root, 'prod'), '{{ flavour() }}')).toBe('googlesql');
    expect(compileInline(await parsedFor(root, 'dev'), '{{ flavour() }}')).toBe('portable');
  });

  it('says that a template reading the warehouse cannot compile without a connection', async () => {
    const root = project({
      'models/gold/introspect.sql': "{% set cols = adapter.get_columns_in_relation(ref('orders')) %}select 1",
    });
    const error = await errorOf(compile(isolated(root, { target: 'prod' })));
    expect(error.code).toBe('LDP483');
    expect(error.message).toContain('adapter.get_columns_in_relation() reads the warehouse');
    expect(error.span?.file).toBe('models/gold/introspect.sql');
  });
});
