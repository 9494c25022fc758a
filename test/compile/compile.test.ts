import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

const FILES = {
  'ldp_project.yml': 'name: shop\nvars:\n  min_amount: 2\n',
  'seeds/raw_orders.csv': 'id,amount\n1,5\n2,1\n',
  'macros/money.sql': '{% macro dollars(col) -%}({{ col }} / 100.0){%- endmacro %}',
  'models/bronze/orders.sql': "select id, amount * 100 as cents from {{ ref('raw_orders') }}",
  'models/silver/eph_big.sql':
    "{{ config(materialized='ephemeral') }}select * from {{ ref('orders') }} where cents >= {{ var('min_amount') }} * 100",
  'models/silver/eph_ids.sql': "{{ config(materialized='ephemeral') }}select id from {{ ref('eph_big') }}",
  'models/silver/with_cte.sql':
    "-- leading comment\nwith x as (select * from {{ ref('eph_ids') }})\nselect * from x",
  'models/gold/totals.sql': [
    "{{ config(materialized='incremental', unique_key='id') }}",
    "select id, {{ dollars('cents') }} as amount from {{ ref('orders') }}",
    '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
  ].join('\n'),
};

describe('compile', () => {
  it('writes target/compiled/<project>/<path> with resolved relations', async () => {
    const root = tempProject(FILES);
    await compile(isolated(root));
    const read = (path: string) => readFileSync(join(root, 'target/compiled/shop', path), 'utf8');
    expect(read('models/bronze/orders.sql')).toBe(
      'select id, amount * 100 as cents from "main"."raw_orders"\n',
    );
    expect(existsSync(join(root, 'target/compiled/shop/models/silver/eph_big.sql'))).toBe(false);
  });

  it('inlines ephemeral models as CTEs, nested ones first, merged into an existing WITH', async () => {
    const root = tempProject(FILES);
    const { compiled } = await compile(isolated(root));
    const sql = compiled.nodes.get('model.shop.with_cte')!.sql;
    expect(sql).toBe(
      '-- leading comment\nwith __ldp__cte__eph_big as (\nselect * from "bronze"."orders" where cents >= 2 * 100\n),\n' +
        '__ldp__cte__eph_ids as (\nselect id from __ldp__cte__eph_big\n), x as (select * from __ldp__cte__eph_ids)\nselect * from x',
    );
  });

  it('compiles an incremental model to both its full and its incremental SQL', async () => {
    const root = tempProject(FILES);
    const { compiled } = await compile(isolated(root));
    const totals = compiled.nodes.get('model.shop.totals')!;
    expect(totals.sql.trim()).toBe('select id, (cents / 100.0) as amount from "bronze"."orders"');
    expect(totals.incrementalSql?.trim()).toBe(
      'select id, (cents / 100.0) as amount from "bronze"."orders"\nwhere id > (select max(id) from "gold"."totals")',
    );
    expect(
      readFileSync(join(root, 'target/compiled/shop/models/gold/totals.incremental.sql'), 'utf8'),
    ).toContain('select max(id)');
  });

  it('produces SQL that DuckDB runs with the expected rows', async () => {
    const root = tempProject(FILES);
    const { compiled } = await compile(isolated(root));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`create schema bronze; create schema silver; create schema gold;
      create table main.raw_orders as select * from (values (1, 5), (2, 1), (3, 9)) t(id, amount)`);
    const order = ['model.shop.orders', 'model.shop.with_cte', 'model.shop.totals'];
    for (const id of order) {
      const node = compiled.manifest.nodes.get(id)!;
      const relation = 'relation' in node ? node.relation : undefined;
      await conn.run(
        `create table "${relation!.schema}"."${relation!.identifier}" as ${compiled.nodes.get(id)!.sql}`,
      );
    }
    const ids = (await conn.runAndReadAll('select id from silver.with_cte order by id'))
      .getRowObjects()
      .map((r) => Number(r['id']));
    expect(ids).toEqual([1, 3]);
    const amounts = (await conn.runAndReadAll('select amount from gold.totals order by id'))
      .getRowObjects()
      .map((r) => Number(r['amount']));
    expect(amounts).toEqual([5, 1, 9]);
    conn.closeSync();
  });

  it('writes a deterministic manifest.json with dbt keys, parent_map and child_map', async () => {
    const root = tempProject(FILES);
    const fixed = { clock: () => new Date('2024-01-01T00:00:00Z'), invocationId: 'fixed' };
    await compile(isolated(root, fixed));
    const first = readFileSync(join(root, 'target/manifest.json'), 'utf8');
    await compile(isolated(root, fixed));
    expect(readFileSync(join(root, 'target/manifest.json'), 'utf8')).toBe(first);
    const manifest = JSON.parse(first);
    expect(Object.keys(manifest)).toEqual([
      'schemaVersion',
      'metadata',
      'nodes',
      'sources',
      'macros',
      'docs',
      'exposures',
      'unit_tests',
      'parent_map',
      'child_map',
    ]);
    expect(manifest.schemaVersion).toBe(3);
    expect(manifest.parent_map['model.shop.totals']).toEqual(['model.shop.orders']);
    expect(manifest.child_map['model.shop.orders']).toEqual(['model.shop.eph_big', 'model.shop.totals']);
    expect(manifest.nodes['model.shop.totals'].relation_name).toBe('"memory"."gold"."totals"');
    expect(manifest.nodes['model.shop.totals'].database).toBe('memory');
    expect(manifest.nodes['model.shop.eph_big'].relation_name).toBeNull();
    expect(manifest.macros['macro.shop.dollars'].arguments).toEqual([{ name: 'col' }]);
  });

  it('refreshes only the metadata of an unchanged manifest.json of this version', async () => {
    const root = tempProject(FILES);
    const at = (iso: string) => ({ clock: () => new Date(iso), invocationId: iso });
    const path = join(root, 'target/manifest.json');
    await compile(isolated(root, at('2024-01-01T00:00:00.000Z')));
    const first = readFileSync(path, 'utf8');
    await compile(isolated(root, at('2024-01-02T00:00:00.000Z')));
    const second = readFileSync(path, 'utf8');
    expect(JSON.parse(second).metadata.generated_at).toBe('2024-01-02T00:00:00.000Z');
    expect(second.replaceAll('2024-01-02', '2024-01-01')).toBe(first);
    // The same inputs under an older manifest version: the whole file is written again.
    writeFileSync(path, second.replace('{"schemaVersion":2,', '{"schemaVersion":1,'));
    await compile(isolated(root, at('2024-01-03T00:00:00.000Z')));
    expect(readFileSync(path, 'utf8')).toBe(second.replaceAll('2024-01-02', '2024-01-03'));
  });

  it('lists columns in manifest.json with dbt keys', async () => {
    const root = tempProject({
      ...FILES,
      'models/bronze/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_type: bigint',
        '        description: Order id',
        '        tags: [key]',
        '      - name: cents',
      ].join('\n'),
    });
    await compile(isolated(root));
    const manifest = JSON.parse(readFileSync(join(root, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.orders'].columns).toEqual({
      id: {
        name: 'id',
        description: 'Order id',
        data_type: 'bigint',
        constraints: [],
        tags: ['key'],
        meta: {},
      },
      cents: { name: 'cents', description: '', data_type: null, constraints: [], tags: [], meta: {} },
    });
  });

  it('leaves unchanged compiled files untouched and rewrites changed ones', async () => {
    const root = tempProject(FILES);
    await compile(isolated(root));
    const file = join(root, 'target/compiled/shop/models/bronze/orders.sql');
    const before = statSync(file).mtimeMs;
    await new Promise((done) => setTimeout(done, 20));
    await compile(isolated(root));
    expect(statSync(file).mtimeMs).toBe(before);
    writeFileSync(join(root, 'models/bronze/orders.sql'), "select id from {{ ref('raw_orders') }}");
    await compile(isolated(root));
    expect(readFileSync(file, 'utf8')).toBe('select id from "main"."raw_orders"\n');
  });

  it('compiles only the selection (and the ephemerals it needs)', async () => {
    const root = tempProject(FILES);
    const { compiled } = await compile(isolated(root, { select: ['with_cte'] }));
    expect([...compiled.nodes.keys()]).toEqual(['model.shop.with_cte']);
  });

  it('compiles --inline SQL with refs', async () => {
    const root = tempProject(FILES);
    const { inlineSql } = await compile(
      isolated(root, { inline: "select count(*) from {{ ref('eph_big') }}" }),
    );
    expect(inlineSql).toContain('with __ldp__cte__eph_big as (');
    expect(inlineSql).toContain('select count(*) from __ldp__cte__eph_big');
  });

  it('reports a template error inside a macro at the macro line and the calling model', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'macros/guard.sql':
        '{% macro guard(n) %}\n{% if n > 1 %}\n{{ exceptions.raise_compiler_error("n too big: " ~ n) }}\n{% endif %}\n{% endmacro %}',
      'models/m.sql': 'select\n  {{ guard(5) }}',
    });
    await expect(compile(isolated(root))).rejects.toMatchObject({
      code: 'LDP202',
      message: 'n too big: 5',
      span: { file: 'macros/guard.sql', line: 3, col: 4 },
      related: [{ span: { file: 'models/m.sql', line: 2, col: 6 } }],
    });
  });
});
