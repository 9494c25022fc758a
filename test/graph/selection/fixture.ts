import type { Manifest } from '../../../src/model/manifest.js';
import type { GraphNode, ModelNode, SourceNode, TestNode } from '../../../src/model/node.js';
import type { NodeConfig } from '../../../src/model/node-config.js';

const span = { file: 'x', line: 1, col: 1 };

function config(overrides: Partial<NodeConfig> = {}): NodeConfig {
  return {
    enabled: true,
    materialized: 'view',
    tags: [],
    meta: {},
    pre_hook: [],
    post_hook: [],
    on_schema_change: 'ignore',
    extra: {},
    ...overrides,
  };
}

function common(id: string, name: string, file: string, fqn: string[], tags: string[] = []) {
  const packageName = id.split('.')[1]!;
  return {
    uniqueId: id,
    name,
    packageName,
    originalFilePath: file,
    path: file,
    fqn,
    description: '',
    tags,
    meta: {},
    span,
  };
}

function sqlCommon(nodeConfig: NodeConfig) {
  return { rawSql: '', checksum: '', config: nodeConfig, refs: [], sources: [], macros: [], columns: {} };
}

/** A model at `file` (e.g. `models/silver/orders.sql`) in package `pkg`. */
export function model(
  file: string,
  options: {
    pkg?: string;
    tags?: string[];
    config?: Partial<NodeConfig>;
    layer?: string;
    version?: string;
    latest?: string;
  } = {},
): ModelNode {
  const pkg = options.pkg ?? 'shop';
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.sql$/, '');
  const base = options.version ? name.replace(/_v\d+$/, '') : name;
  const folders = file.split('/').slice(1, -1);
  const tags = options.tags ?? [];
  return {
    ...common(
      `model.${pkg}.${base}${options.version ? `.v${options.version}` : ''}`,
      base,
      file,
      [pkg, ...folders, name],
      tags,
    ),
    ...sqlCommon(config({ ...options.config, tags })),
    resourceType: 'model',
    ...(options.layer ? { layer: options.layer } : {}),
    ...(options.version
      ? { version: options.version, latestVersion: options.latest ?? options.version }
      : {}),
    relation: { schema: 'main', identifier: name },
  };
}

export function source(sourceName: string, table: string, file = 'models/bronze/sources.yml'): SourceNode {
  const folders = file.split('/').slice(1, -1);
  return {
    ...common(`source.shop.${sourceName}.${table}`, table, file, ['shop', ...folders, sourceName, table]),
    resourceType: 'source',
    sourceName,
    identifier: table,
    relation: { schema: sourceName, identifier: table },
    columns: {},
    config: {},
    sourceDescription: '',
  };
}

export function genericTest(
  name: string,
  testName: string,
  attached: string,
  file = 'models/silver/props.yml',
): TestNode {
  return {
    ...common(`test.shop.${name}`, name, file, ['shop', ...file.split('/').slice(1, -1), name]),
    ...sqlCommon(config({ materialized: 'test', severity: 'error' })),
    resourceType: 'test',
    testType: 'generic',
    testMetadata: { name: testName, kwargs: {} },
    attachedNode: attached,
  };
}

export function singularTest(name: string): TestNode {
  return {
    ...common(`test.shop.${name}`, name, `tests/${name}.sql`, ['shop', name]),
    ...sqlCommon(config({ materialized: 'test', severity: 'warn' })),
    resourceType: 'test',
    testType: 'singular',
  };
}

export function other(
  kind: 'seed' | 'snapshot' | 'analysis' | 'exposure' | 'unit_test',
  file: string,
  extra: Record<string, unknown> = {},
): GraphNode {
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.\w+$/, '');
  const folders = file.split('/').slice(1, -1);
  const base = common(`${kind}.shop.${name}`, name, file, ['shop', ...folders, name]);
  const relation = { schema: 'main', identifier: name };
  switch (kind) {
    case 'seed':
      return {
        ...base,
        resourceType: 'seed',
        checksum: '',
        config: config({ materialized: 'seed' }),
        relation,
        columns: {},
        ...extra,
      };
    case 'snapshot':
      return {
        ...base,
        ...sqlCommon(config({ materialized: 'snapshot' })),
        resourceType: 'snapshot',
        relation,
        snapshot: {
          strategy: { kind: 'timestamp', updatedAt: 'updated_at' },
          uniqueKey: ['id'],
          hardDeletes: 'ignore',
          metaColumns: {
            scdId: 'dbt_scd_id',
            updatedAt: 'dbt_updated_at',
            validFrom: 'dbt_valid_from',
            validTo: 'dbt_valid_to',
            isDeleted: 'dbt_is_deleted',
          },
        },
        ...extra,
      };
    case 'analysis':
      return { ...base, ...sqlCommon(config()), resourceType: 'analysis', ...extra };
    case 'exposure':
      return {
        ...base,
        resourceType: 'exposure',
        exposureType: 'dashboard',
        owner: {},
        refs: [],
        sources: [],
        ...extra,
      };
    case 'unit_test': {
      const { model: tested, ...rest } = extra as { model: string };
      const definition = {
        name,
        model: tested,
        description: '',
        given: [],
        expect: { format: 'dict' as const },
        overrides: { vars: {}, macros: {}, env_vars: {} },
        config: {},
        span,
      };
      return { ...base, resourceType: 'unit_test', model: tested, definition, ...rest };
    }
  }
}

/** A frozen Manifest from nodes and `[parent, child]` edges (ids), with sorted adjacency as `buildManifest` makes. */
export function manifestOf(
  nodes: readonly GraphNode[],
  edges: readonly (readonly [string, string])[],
): Manifest {
  const parentMap = new Map<string, string[]>(nodes.map((node) => [node.uniqueId, []]));
  const childMap = new Map<string, string[]>(nodes.map((node) => [node.uniqueId, []]));
  for (const [parent, child] of edges) {
    if (!parentMap.has(child) || !childMap.has(parent))
      throw new Error(`unknown node in edge ${parent} → ${child}`);
    parentMap.get(child)!.push(parent);
    childMap.get(parent)!.push(child);
  }
  for (const list of [...parentMap.values(), ...childMap.values()]) list.sort();
  return {
    projectName: 'shop',
    nodes: new Map(nodes.map((node) => [node.uniqueId, node])),
    macros: new Map(),
    docs: new Map(),
    parentMap,
    childMap,
  };
}

/**
 * The shop project used across the selection tests:
 *
 *   raw.orders → stg_orders → orders ──┐                        ┌→ report → dashboard (exposure)
 *   raw.customers → stg_customers → customers → revenue ────────┤
 *   country_codes (seed) ──────────────┘                        └→ explore (analysis)
 *   stg_orders → orders_snapshot;  utils: calendar;  dim_customers v1, v2 (latest)
 *
 * Tests: not_null_orders_id (orders), relationships_orders_customer_id (orders, customers),
 * relationships_revenue_customer_id (revenue, customers: an ancestor of revenue),
 * source_not_null_raw_orders_id (raw.orders), assert_revenue_positive (revenue, singular),
 * unit test revenue_math on revenue.
 */
export function shopManifest(): Manifest {
  const nodes: GraphNode[] = [
    source('raw', 'orders'),
    source('raw', 'customers'),
    model('models/bronze/stg_orders.sql', { layer: 'bronze', tags: ['staging'] }),
    model('models/bronze/stg_customers.sql', { layer: 'bronze', tags: ['staging'] }),
    model('models/silver/orders.sql', {
      layer: 'silver',
      tags: ['nightly', 'finance'],
      config: { materialized: 'incremental', full_refresh: false, meta: { owner: 'alice' } },
    }),
    model('models/silver/customers.sql', {
      layer: 'silver',
      config: { materialized: 'table', extra: { access: 'public' } },
    }),
    model('models/gold/revenue.sql', { layer: 'gold', tags: ['finance'], config: { materialized: 'table' } }),
    model('models/gold/report.sql', { layer: 'gold' }),
    model('models/gold/dim_customers_v1.sql', { layer: 'gold', version: '1', latest: '2' }),
    model('models/gold/dim_customers_v2.sql', { layer: 'gold', version: '2', latest: '2' }),
    model('models/calendar.sql', { pkg: 'utils' }),
    other('seed', 'seeds/country_codes.csv'),
    other('snapshot', 'snapshots/orders_snapshot.sql'),
    other('analysis', 'analyses/explore.sql'),
    other('exposure', 'models/gold/exposures.yml', {
      uniqueId: 'exposure.shop.dashboard',
      name: 'dashboard',
      fqn: ['shop', 'dashboard'],
      tags: ['finance'],
    }),
    genericTest('not_null_orders_id', 'not_null', 'model.shop.orders'),
    genericTest('relationships_orders_customer_id', 'relationships', 'model.shop.orders'),
    genericTest(
      'relationships_revenue_customer_id',
      'relationships',
      'model.shop.revenue',
      'models/gold/props.yml',
    ),
    genericTest(
      'source_not_null_raw_orders_id',
      'not_null',
      'source.shop.raw.orders',
      'models/bronze/sources.yml',
    ),
    singularTest('assert_revenue_positive'),
    other('unit_test', 'models/gold/unit_tests.yml', {
      uniqueId: 'unit_test.shop.revenue.revenue_math',
      name: 'revenue_math',
      fqn: ['shop', 'gold', 'revenue', 'revenue_math'],
      model: 'revenue',
    }),
  ];
  return manifestOf(nodes, [
    ['source.shop.raw.orders', 'model.shop.stg_orders'],
    ['source.shop.raw.customers', 'model.shop.stg_customers'],
    ['model.shop.stg_orders', 'model.shop.orders'],
    ['model.shop.stg_customers', 'model.shop.customers'],
    ['seed.shop.country_codes', 'model.shop.customers'],
    ['model.shop.orders', 'model.shop.revenue'],
    ['model.shop.customers', 'model.shop.revenue'],
    ['model.shop.revenue', 'model.shop.report'],
    ['model.shop.report', 'exposure.shop.dashboard'],
    ['model.shop.revenue', 'analysis.shop.explore'],
    ['model.shop.stg_orders', 'snapshot.shop.orders_snapshot'],
    ['model.shop.customers', 'model.shop.dim_customers.v1'],
    ['model.shop.customers', 'model.shop.dim_customers.v2'],
    ['model.shop.orders', 'test.shop.not_null_orders_id'],
    ['model.shop.orders', 'test.shop.relationships_orders_customer_id'],
    ['model.shop.customers', 'test.shop.relationships_orders_customer_id'],
    ['model.shop.revenue', 'test.shop.relationships_revenue_customer_id'],
    ['model.shop.customers', 'test.shop.relationships_revenue_customer_id'],
    ['source.shop.raw.orders', 'test.shop.source_not_null_raw_orders_id'],
    ['model.shop.revenue', 'test.shop.assert_revenue_positive'],
  ]);
}

/** Sorted short names of ids: `model.shop.orders` → `orders`, `source.shop.raw.orders` → `raw.orders`. */
export function short(ids: readonly string[]): string[] {
  return ids.map((id) => id.split('.').slice(2).join('.')).sort();
}
