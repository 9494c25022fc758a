import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import { LdpErrors } from '../../src/errors/index.js';
import type { ModelNode, SourceNode, TestNode } from '../../src/model/node.js';
import { isolated, tempProject } from '../support/temp-project.js';

function project(yaml: string, extra: Record<string, string> = {}) {
  return tempProject({
    'ldp_project.yml': 'name: shop\nvars:\n  strict: true\n',
    'models/orders.sql': 'select 1 as id, 2 as amount',
    'models/orders.yml': `version: 2\n${yaml}`,
    ...extra,
  });
}

function tests(manifest: Awaited<ReturnType<typeof parse>>['manifest']): Map<string, TestNode> {
  const out = new Map<string, TestNode>();
  for (const node of manifest.nodes.values()) if (node.resourceType === 'test') out.set(node.name, node);
  return out;
}

describe("Jinja in a test's config, rendered when the project is parsed (as dbt renders it)", () => {
  const yaml = [
    'models:',
    '  - name: orders',
    '    columns:',
    '      - name: id',
    '        data_tests:',
    '          - unique:',
    '              config:',
    `                severity: "{{ 'warn' if target.name == 'dev' else 'error' }}"`,
    `                where: "id > {{ var('min_id', 0) }}"`,
    `                limit: "{{ var('limit', 5) }}"`,
    `                tags: "{{ env_var('TEST_TAG', 'nightly') }}"`,
    '          - not_null:',
    `              enabled: "{{ var('run_slow_tests', false) }}"`,
    '      - name: amount',
    '        data_tests:',
    '          - accepted_values:',
    '              arguments: {values: [1, 2]}',
    `              error_if: "{{ '>10' if var('strict') else '>100' }}"`,
    '              config:',
    `                store_failures: "{{ target.name != 'dev' }}"`,
    '                enabled: "false"',
  ].join('\n');

  it('renders severity, where, limit, tags, error_if, store_failures and enabled with var, env_var and target', async () => {
    const { manifest } = await parse(isolated(project(yaml)));
    const byName = tests(manifest);
    const unique = byName.get('unique_orders_id')!;
    expect(unique.config.severity).toBe('warn');
    expect(unique.config.where).toBe('id > 0');
    expect(unique.config.limit).toBe(5);
    expect(unique.config.tags).toEqual(['nightly']);
    // `enabled: "{{ var('run_slow_tests', false) }}"` and `enabled: "false"` leave the tests out.
    expect(byName.has('not_null_orders_id')).toBe(false);
    expect([...byName.keys()].some((name) => name.startsWith('accepted_values'))).toBe(false);
  });

  it('sees --vars and the environment: the same tests are enabled and configured otherwise', async () => {
    const root = project(yaml.replace('enabled: "false"', 'enabled: "true"'));
    const { manifest } = await parse(
      isolated(root, {
        vars: '{run_slow_tests: true, min_id: 7, strict: false}',
        env: { TEST_TAG: 'hourly' },
      }),
    );
    const byName = tests(manifest);
    expect(byName.get('unique_orders_id')!.config.where).toBe('id > 7');
    expect(byName.get('unique_orders_id')!.config.tags).toEqual(['hourly']);
    expect(byName.has('not_null_orders_id')).toBe(true);
    const accepted = [...byName.values()].find((test) => test.name.startsWith('accepted_values'))!;
    expect(accepted.config.error_if).toBe('>100');
    expect(accepted.config.store_failures).toBe(false);
  });

  it('leaves test arguments unrendered until the test compiles, and a where that needs more for later', async () => {
    const root = project(
      [
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - accepted_values:',
        `              arguments: {values: ["{{ var('a', 1) }}"]}`,
        `              config: {where: "id in (select id from {{ ref('orders') }})"}`,
      ].join('\n'),
    );
    const { manifest } = await parse(isolated(root));
    const test = [...tests(manifest).values()][0]!;
    expect(test.testMetadata?.kwargs['values']).toEqual(["{{ var('a', 1) }}"]);
    expect(test.config.where).toBe("id in (select id from {{ ref('orders') }})");
  });
});

describe("a singular test's properties (top-level data_tests:, dbt 1.9)", () => {
  it('configure the test with rendered Jinja: severity, tags, description; enabled leaves one out', async () => {
    const root = project(
      [
        'data_tests:',
        '  - name: assert_positive',
        '    description: amounts are positive',
        '    config:',
        `      severity: "{{ 'warn' if target.name == 'dev' else 'error' }}"`,
        `      tags: ["{{ var('suite', 'core') }}"]`,
        '  - name: assert_slow',
        '    config:',
        `      enabled: "{{ var('run_slow_tests', false) }}"`,
      ].join('\n'),
      {
        'tests/assert_positive.sql': "select * from {{ ref('orders') }} where amount < 0",
        'tests/assert_slow.sql': "select * from {{ ref('orders') }} where amount > 1000",
      },
    );
    const { manifest } = await parse(isolated(root));
    const positive = manifest.nodes.get('test.shop.assert_positive') as TestNode;
    expect(positive.config.severity).toBe('warn');
    expect(positive.config.tags).toEqual(['core']);
    expect(positive.description).toBe('amounts are positive');
    expect(manifest.nodes.has('test.shop.assert_slow')).toBe(false);
    const withVar = await parse(isolated(root, { vars: '{run_slow_tests: true}' }));
    expect(withVar.manifest.nodes.has('test.shop.assert_slow')).toBe(true);
  });
});

describe('Jinja in properties, rendered as dbt renders a schema file', () => {
  it("renders a model's config and meta, a source's schema and a column's meta; not descriptions", async () => {
    const root = project(
      [
        'models:',
        '  - name: orders',
        `    description: "{{ var('not_rendered_now', 'x') }} orders"`,
        '    config:',
        `      materialized: "{{ 'table' if target.name == 'dev' else 'view' }}"`,
        `      meta: {owner: "{{ env_var('OWNER', 'data') }}"}`,
        `      enabled: "{{ var('strict') }}"`,
        '    columns:',
        '      - name: id',
        `        meta: {pii: "{{ var('strict') }}"}`,
        'sources:',
        '  - name: raw',
        `    schema: "{{ var('raw_schema', 'landing') }}"`,
        '    tables:',
        '      - name: events',
        `        identifier: "{{ 'ev' ~ 'ents_v2' }}"`,
      ].join('\n'),
    );
    const { manifest } = await parse(isolated(root, { env: { OWNER: 'finance' } }));
    const orders = manifest.nodes.get('model.shop.orders') as ModelNode;
    expect(orders.config.materialized).toBe('table');
    expect(orders.config.meta).toEqual({ owner: 'finance' });
    expect(orders.columns['id']?.meta).toEqual({ pii: true });
    expect(orders.description).toBe('x orders');
    const events = manifest.nodes.get('source.shop.raw.events') as SourceNode;
    expect(events.relation).toMatchObject({ schema: 'landing', identifier: 'events_v2' });
  });

  it('a model disabled by a rendered enabled: false is left out', async () => {
    const root = project(
      ['models:', '  - name: orders', '    config:', `      enabled: "{{ not var('strict') }}"`].join('\n'),
    );
    const { manifest } = await parse(isolated(root));
    expect(manifest.nodes.has('model.shop.orders')).toBe(false);
  });

  it('a value that fails to render is an error at its line in the properties file', async () => {
    const root = project(
      ['models:', '  - name: orders', '    config:', `      materialized: "{{ var('undefined_var') }}"`].join(
        '\n',
      ),
    );
    const error = await parse(isolated(root)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpErrors);
    const first = (error as LdpErrors).errors[0]!;
    expect(first.message).toContain('undefined_var');
    expect(first.span).toMatchObject({ file: 'models/orders.yml', line: 5 });
  });
});
