import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectingReporter, compile, parse } from '../../src/api/index.js';
import type { ParsedProject } from '../../src/api/session/parse.js';
import { isolated, tempProject } from '../support/temp-project.js';

/** A project with every kind of input a model's parse reads: folder config, properties, docs, macros. */
const FILES: Record<string, string> = {
  'ldp_project.yml': ['name: shop', 'models:', '  shop:', '    silver:', '      +tags: [nightly]'].join('\n'),
  'macros/money.sql': '{% macro dollars(col) -%}({{ col }} / 100.0){%- endmacro %}',
  'models/docs.md': '{% docs orders_doc %}Every order.{% enddocs %}',
  'models/bronze/orders.sql': "select 1 as id, 250 as cents, '{{ env_var('REGION', 'eu') }}' as region",
  'models/bronze/customers.sql': 'select 1 as id',
  'models/silver/eph.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('orders') }}",
  'models/silver/totals.sql': "select id, {{ dollars('cents') }} as amount from {{ ref('eph') }}",
  'models/gold/report.sql': "select * from {{ ref('totals') }}",
  'models/bronze/schema.yml': [
    'version: 2',
    'models:',
    '  - name: orders',
    '    description: \'{{ doc("orders_doc") }}\'',
    '    config: {materialized: table}',
    '    columns:',
    '      - name: id',
    '        data_tests: [unique, not_null]',
    'unit_tests:',
    '  - name: totals_in_dollars',
    '    model: totals',
    '    given:',
    "      - input: ref('eph')",
    '        rows: [{id: 1, cents: 250}]',
    '    expect:',
    '      rows: [{id: 1, amount: 2.5}]',
  ].join('\n'),
  'tests/no_negative_totals.sql': "select * from {{ ref('totals') }} where amount < 0",
};

/** The manifest as a comparable value. */
function graphOf(parsed: ParsedProject) {
  const { manifest } = parsed;
  return {
    nodes: [...manifest.nodes.entries()],
    parents: [...manifest.parentMap.entries()],
    children: [...manifest.childMap.entries()],
  };
}

async function fullParse(root: string, extra: Record<string, unknown> = {}) {
  return parse(isolated(root, { partialParse: false, ...extra }));
}

describe('partial parsing of changed SQL files', () => {
  it('parses only the changed files, with the same result as a full parse', async () => {
    const root = tempProject(FILES);
    await parse(isolated(root));
    writeFileSync(
      join(root, 'models/silver/totals.sql'),
      "{{ config(tags=['finance']) }}select id, {{ dollars('cents') }} as amount from {{ ref('eph') }} join {{ ref('customers') }} using (id)",
    );
    writeFileSync(
      join(root, 'tests/no_negative_totals.sql'),
      "select * from {{ ref('report') }} where 1 = 0",
    );
    const partial = await parse(isolated(root));
    expect(partial.fromCache).toBe(false);
    expect([...(partial.partialParse?.files ?? [])].sort()).toEqual([
      'models/silver/totals.sql',
      'tests/no_negative_totals.sql',
    ]);
    expect(partial.partialParse?.sameRelations).toBe(true);
    expect(graphOf(partial)).toEqual(graphOf(await fullParse(root)));
    const totals = partial.manifest.nodes.get('model.shop.totals')!;
    expect(totals.tags).toEqual(['nightly', 'finance']);
    expect(partial.manifest.parentMap.get('model.shop.totals')).toEqual([
      'model.shop.customers',
      'model.shop.eph',
    ]);
    // The next parse of the same files takes the cache whole.
    expect((await parse(isolated(root))).fromCache).toBe(true);
  });

  it('parses the whole project when the change is more than SQL text', async () => {
    const root = tempProject(FILES);
    await parse(isolated(root));
    const check = async (path: string, text: string) => {
      writeFileSync(join(root, path), text);
      const parsed = await parse(isolated(root));
      expect(parsed.partialParse, path).toBeUndefined();
      expect(graphOf(parsed)).toEqual(graphOf(await fullParse(root)));
    };
    // Properties, macros and new files change what other files parse to.
    await check('models/bronze/schema.yml', FILES['models/bronze/schema.yml']!.replace('table', 'view'));
    await check('macros/money.sql', '{% macro dollars(col) -%}({{ col }} / 1000.0){%- endmacro %}');
    await check('models/gold/extra.sql', 'select 1 as id');
    // A changed file that no longer gives the same node.
    await check('models/gold/report.sql', "{{ config(enabled=false) }}select * from {{ ref('totals') }}");
  });

  it('reports an error in a changed file exactly as a full parse does', async () => {
    const root = tempProject(FILES);
    await parse(isolated(root));
    writeFileSync(join(root, 'models/gold/report.sql'), "select * from {{ ref('totalz') }}");
    const error = await parse(isolated(root)).catch((e: unknown) => e);
    const full = await fullParse(root).catch((e: unknown) => e);
    expect((error as Error).message).toBe((full as Error).message);
    expect((error as { code?: string }).code).toBe('LDP301');
  });

  it('keeps the warnings of unchanged files and renews those of changed ones', async () => {
    const root = tempProject({
      ...FILES,
      'models/gold/report.sql': "{{ config(meta={'a': 1}, sql_header='set x = 1') }}select 1 as id",
      'models/gold/other.sql': "{{ config(sql_header='set x = 1') }}select 1 as id",
    });
    const warnings = async (options: Record<string, unknown> = {}) => {
      const reporter = new CollectingReporter();
      await parse(isolated(root, { reporter, ...options }));
      return reporter.events
        .flatMap((event) => (event.kind === 'diagnostic' ? [event.diagnostic.span?.file] : []))
        .sort();
    };
    const before = await warnings();
    expect(before).toEqual(['models/gold/other.sql', 'models/gold/report.sql']);
    writeFileSync(join(root, 'models/gold/report.sql'), 'select 2 as id');
    expect(await warnings()).toEqual(['models/gold/other.sql']);
    expect(await warnings({ partialParse: false })).toEqual(['models/gold/other.sql']);
  });

  it('still notices an environment variable read by an unchanged file', async () => {
    const root = tempProject({
      ...FILES,
      'models/bronze/orders.sql': "{{ config(tags=[env_var('TEAM', 'core')]) }}select 1 as id, 250 as cents",
    });
    await parse(isolated(root, { env: { TEAM: 'sales' } }));
    writeFileSync(join(root, 'models/gold/report.sql'), "select id from {{ ref('totals') }}");
    const partial = await parse(isolated(root, { env: { TEAM: 'sales' } }));
    expect(partial.partialParse?.files).toEqual(['models/gold/report.sql']);
    const changedEnv = await parse(isolated(root, { env: { TEAM: 'ops' } }));
    expect(changedEnv.fromCache).toBe(false);
    expect(changedEnv.partialParse).toBeUndefined();
    expect(changedEnv.manifest.nodes.get('model.shop.orders')!.tags).toEqual(['ops']);
  });
});

describe('compiling after a partial parse', () => {
  it('renders the changed nodes and what depends on them, and reuses the rest', async () => {
    const root = tempProject(FILES);
    await compile(isolated(root));
    writeFileSync(
      join(root, 'models/silver/eph.sql'),
      "{{ config(materialized='ephemeral') }}select * from {{ ref('orders') }} where cents > 0",
    );
    const after = await compile(isolated(root));
    expect(after.parsed.partialParse?.nodes).toEqual(['model.shop.eph']);
    // The ephemeral model is inlined downstream; the unit test runs the model it feeds.
    expect(after.compiled.reused.has('model.shop.totals')).toBe(false);
    expect(after.compiled.reused.has('model.shop.report')).toBe(false);
    expect(after.compiled.reused.has('unit_test.shop.totals.totals_in_dollars')).toBe(false);
    expect(after.compiled.reused.has('model.shop.orders')).toBe(true);
    expect(after.compiled.reused.has('model.shop.customers')).toBe(true);
    const reference = await compile(isolated(root, { partialParse: false }));
    expect([...after.compiled.nodes.entries()]).toEqual([...reference.compiled.nodes.entries()]);
    expect(after.compiled.nodes.get('model.shop.totals')?.sql).toContain('where cents > 0');
  });

  it('renders everything again when a changed node writes elsewhere', async () => {
    const root = tempProject(FILES);
    await compile(isolated(root));
    writeFileSync(join(root, 'models/bronze/customers.sql'), "{{ config(alias='clients') }}select 1 as id");
    const after = await compile(isolated(root));
    expect(after.parsed.partialParse?.sameRelations).toBe(false);
    expect(after.compiled.reused.size).toBe(0);
  });
});
