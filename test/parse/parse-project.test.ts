import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import type { ModelNode, SourceNode, TestNode } from '../../src/model/node.js';
import { isolated, tempProject } from '../support/temp-project.js';

const PROJECT =
  'name: shop\nmodels:\n  shop:\n    +materialized: view\n    +tags: [all]\n    silver:\n      +materialized: table\n      +tags: [s]\n      +meta: {owner: a, team: x}\n';

describe('parsing a project', () => {
  it('applies config precedence: project tree < folder < properties YAML < config() in the file', async () => {
    const root = tempProject({
      'ldp_project.yml': PROJECT,
      'models/silver/orders.sql':
        "{{ config(materialized='incremental', unique_key='id', tags=['file']) }}\nselect 1 as id",
      'models/silver/plain.sql': 'select 1 as id',
      'models/silver/props.yml':
        'version: 2\nmodels:\n  - name: orders\n    config:\n      materialized: view\n      meta: {owner: b}\n    tags: [yaml]\n  - name: plain\n    config:\n      materialized: ephemeral\n',
      'models/top.sql': 'select 1',
    });
    const { manifest } = await parse(isolated(root));
    const orders = manifest.nodes.get('model.shop.orders') as ModelNode;
    expect(orders.config.materialized).toBe('incremental');
    expect(orders.config.unique_key).toBe('id');
    expect(orders.config.tags).toEqual(['all', 's', 'yaml', 'file']);
    expect(orders.config.meta).toEqual({ owner: 'b', team: 'x' });
    expect((manifest.nodes.get('model.shop.plain') as ModelNode).config.materialized).toBe('ephemeral');
    expect((manifest.nodes.get('model.shop.top') as ModelNode).config.materialized).toBe('view');
  });

  it('assigns medallion layers from folders (or config) and uses them as schemas', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/bronze/raw_orders.sql': 'select 1 as id',
      'models/silver/orders.sql': "select * from {{ ref('raw_orders') }}",
      'models/gold/marts/revenue.sql': "select * from {{ ref('orders') }}",
      'models/misc/other.sql': "{{ config(layer='gold', schema='reporting') }}select 1",
      'models/misc/nolayer.sql': 'select 1',
    });
    const { manifest } = await parse(isolated(root));
    const get = (name: string) => manifest.nodes.get(`model.shop.${name}`) as ModelNode;
    expect(get('raw_orders').layer).toBe('bronze');
    expect(get('raw_orders').relation).toEqual({ schema: 'bronze', identifier: 'raw_orders' });
    expect(get('revenue').layer).toBe('gold');
    expect(get('other').layer).toBe('gold');
    expect(get('other').relation.schema).toBe('reporting');
    expect(get('nolayer').layer).toBeUndefined();
    expect(get('nolayer').relation.schema).toBe('main');
  });

  it('lets a project macro override generate_schema_name, as dbt does', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'macros/naming.sql':
        "{% macro generate_schema_name(custom_schema_name, node) %}{{ target.schema }}_{{ node.layer or 'none' }}{% endmacro %}",
      'models/silver/orders.sql': 'select 1',
    });
    const { manifest } = await parse(isolated(root));
    expect((manifest.nodes.get('model.shop.orders') as ModelNode).relation.schema).toBe('main_silver');
  });

  it('records refs and sources with their position, with and without the static fast path', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'macros/m.sql': "{% macro upstream() %}{{ ref('a') }}{% endmacro %}",
      'models/a.sql': 'select 1',
      'models/b.sql': "select *\nfrom {{ ref('a') }}\njoin {{ source('raw', 'events') }} using (id)",
      'models/c.sql': "{% if true %}select * from {{ ref('b') }}{% endif %}, {{ upstream() }}",
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
    });
    const { manifest } = await parse(isolated(root));
    const b = manifest.nodes.get('model.shop.b') as ModelNode;
    expect(b.refs.map((r) => [r.name, r.span.line, r.span.col])).toEqual([['a', 2, 9]]);
    expect(b.sources.map((s) => [s.source, s.table, s.span.line])).toEqual([['raw', 'events', 3]]);
    expect(manifest.parentMap.get('model.shop.c')).toEqual(['model.shop.a', 'model.shop.b']);
  });

  it('builds generic tests with dbt names, arguments inline or under arguments:, and config', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1 as id',
      'models/customers.sql': 'select 1 as id',
      'models/props.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - unique',
        '          - not_null:',
        '              config:',
        '                severity: warn',
        '          - accepted_values:',
        '              arguments:',
        '                values: [placed, shipped]',
        '          - relationships:',
        "              to: ref('customers')",
        '              field: id',
        '              where: "id > 0"',
        '      - name: status',
        '        tests:',
        '          - accepted_values:',
        '              values: [placed, shipped, completed, return_pending, returned]',
      ].join('\n'),
    });
    const { manifest } = await parse(isolated(root));
    const tests = [...manifest.nodes.values()].filter((n): n is TestNode => n.resourceType === 'test');
    const names = tests.map((t) => t.name).sort();
    expect(names).toEqual([
      'accepted_values_orders_id__placed__shipped',
      'accepted_values_orders_status__placed__shipped__completed__return_pending__returned',
      'not_null_orders_id',
      'relationships_orders_id__id__ref_customers_',
      'unique_orders_id',
    ]);
    const long = tests.find((t) => t.name.startsWith('accepted_values_orders_status'))!;
    // dbt's own file name for this jaffle_shop test.
    expect(long.path).toBe('accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758.sql');
    const notNull = tests.find((t) => t.name === 'not_null_orders_id')!;
    expect(notNull.config.severity).toBe('warn');
    const relationships = tests.find((t) => t.name.startsWith('relationships'))!;
    expect(relationships.config.where).toBe('id > 0');
    expect(manifest.parentMap.get(relationships.uniqueId)).toEqual([
      'model.shop.customers',
      'model.shop.orders',
    ]);
  });

  it('reads sources with ldp locations and dbt-duckdb external_location', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/sources.yml': [
        'version: 2',
        'sources:',
        '  - name: raw',
        '    schema: landing',
        '    freshness: {warn_after: {count: 1, period: day}}',
        '    loaded_at_field: loaded_at',
        '    tables:',
        '      - name: trips',
        '        location: data/trips/*.parquet',
        '        format: parquet',
        '        options: {hive_partitioning: true}',
        '      - name: zones',
        '        identifier: taxi_zones',
        '        meta: {external_location: "data/zones.csv"}',
      ].join('\n'),
    });
    const { manifest } = await parse(isolated(root));
    const trips = manifest.nodes.get('source.shop.raw.trips') as SourceNode;
    expect(trips.relation).toEqual({ schema: 'landing', identifier: 'trips' });
    expect(trips.external).toEqual({
      location: 'data/trips/*.parquet',
      format: 'parquet',
      options: { hive_partitioning: true },
    });
    expect(trips.freshness).toEqual({ warnAfter: { count: 1, period: 'day' } });
    expect(trips.loadedAtField).toBe('loaded_at');
    const zones = manifest.nodes.get('source.shop.raw.zones') as SourceNode;
    expect(zones.relation.identifier).toBe('taxi_zones');
    expect(zones.external?.location).toBe('data/zones.csv');
  });

  it('renders doc() in descriptions from {% docs %} blocks', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1 as id',
      'models/docs.md':
        '{% docs orders_doc %}\nAll **orders**.\n{% enddocs %}\n{% docs id_doc %}The key.{% enddocs %}',
      'models/props.yml':
        'version: 2\nmodels:\n  - name: orders\n    description: "{{ doc(\'orders_doc\') }}"\n    columns:\n      - name: id\n        description: "{{ doc(\'id_doc\') }}"\n',
    });
    const { manifest } = await parse(isolated(root));
    const orders = manifest.nodes.get('model.shop.orders') as ModelNode;
    expect(orders.description).toBe('All **orders**.');
    expect(orders.columns['id']?.description).toBe('The key.');
    expect(manifest.docs.get('doc.shop.orders_doc')?.blockContents).toBe('All **orders**.');
  });

  it('parses snapshot blocks, exposures, seeds, analyses and singular tests', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nseeds:\n  shop:\n    +layer: bronze\n',
      'seeds/countries.csv': 'code,name\nDE,Germany\n',
      'models/orders.sql': 'select 1 as id',
      'snapshots/orders_snapshot.sql':
        "{% snapshot orders_snapshot %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}\nselect * from {{ ref('orders') }}\n{% endsnapshot %}",
      'analyses/explore.sql': "select * from {{ ref('orders') }}",
      'tests/no_negative.sql': "select * from {{ ref('orders') }} where id < 0",
      'models/exposures.yml':
        'version: 2\nexposures:\n  - name: dashboard\n    type: dashboard\n    owner: {name: Ann}\n    depends_on: ["ref(\'orders\')", "ref(\'countries\')"]\n',
    });
    const { manifest } = await parse(isolated(root));
    const ids = [...manifest.nodes.keys()].sort();
    expect(ids).toEqual([
      'analysis.shop.explore',
      'exposure.shop.dashboard',
      'model.shop.orders',
      'seed.shop.countries',
      'snapshot.shop.orders_snapshot',
      'test.shop.no_negative',
    ]);
    expect(manifest.parentMap.get('snapshot.shop.orders_snapshot')).toEqual(['model.shop.orders']);
    expect(manifest.parentMap.get('exposure.shop.dashboard')).toEqual([
      'model.shop.orders',
      'seed.shop.countries',
    ]);
    const snapshot = manifest.nodes.get('snapshot.shop.orders_snapshot');
    expect(snapshot && 'config' in snapshot ? snapshot.config.strategy : undefined).toBe('timestamp');
  });

  it('accepts the semantic layer quietly and other unknown top-level properties keys with a warning', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1',
      'models/semantic.yml':
        'version: 2\nsemantic_models:\n  - name: x\nmetrics:\n  - name: y\nexposure: []\n',
    });
    const { CollectingReporter } = await import('../../src/api/index.js');
    const reporter = new CollectingReporter();
    await parse(isolated(root, { reporter }));
    const codes = reporter.events.flatMap((e) => (e.kind === 'diagnostic' ? [e.diagnostic.code] : []));
    expect(codes).toEqual(['LDP133']);
  });
});

describe('ref forms', () => {
  it('resolves two-argument refs and versioned models (v=, latest_version)', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders_v1.sql': 'select 1 as id',
      'models/orders_v2.sql': 'select 2 as id',
      'models/orders.yml':
        'version: 2\nmodels:\n  - name: orders\n    latest_version: 1\n    versions:\n      - v: 1\n      - v: 2\n        config:\n          tags: [next]\n',
      'models/latest.sql': "select * from {{ ref('orders') }}",
      'models/pinned.sql': "select * from {{ ref('orders', v=2) }}",
      'models/qualified.sql': "select * from {{ ref('shop', 'latest') }}",
    });
    const { manifest } = await parse(isolated(root));
    expect(manifest.parentMap.get('model.shop.latest')).toEqual(['model.shop.orders.v1']);
    expect(manifest.parentMap.get('model.shop.pinned')).toEqual(['model.shop.orders.v2']);
    expect(manifest.parentMap.get('model.shop.qualified')).toEqual(['model.shop.latest']);
    const v2 = manifest.nodes.get('model.shop.orders.v2') as ModelNode;
    expect([v2.name, v2.version, v2.relation.identifier, v2.config.tags]).toEqual([
      'orders',
      '2',
      'orders_v2',
      ['next'],
    ]);
  });
});
