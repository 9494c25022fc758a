import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { parse } from '../../src/api/index.js';
import type { LineageGraph } from '../../src/catalog/records.js';
import type { DocsInput, DocsTable, DocsTestResult } from '../../src/docs/index.js';
import type { Manifest } from '../../src/model/manifest.js';
import { isolated, tempProject } from '../support/temp-project.js';

/** SQL that would end the data `<script>` early if the page did not escape it. */
export const SCRIPT_BREAKER = '</script><script>window.pwned = true</script>';

/** A small medallion project with every kind of node the docs show (and one they do not). */
export const SHOP_FILES: Record<string, string> = {
  'ldp_project.yml': [
    'name: shop',
    'version: "1.0.0"',
    'config-version: 2',
    'analysis-paths: ["analyses"]',
    'snapshot-paths: ["snapshots"]',
    'medallion:',
    '  layers: [bronze, silver, gold]',
    'models:',
    '  shop:',
    '    +materialized: table',
    '    gold:',
    '      +tags: [marts]',
    'seeds:',
    '  shop:',
    '    +layer: bronze',
    '',
  ].join('\n'),
  'models/docs.md': [
    '{% docs __overview__ %}',
    '# Shop lakehouse',
    '',
    'Orders land in **bronze**. <img src=x onerror="window.pwned = true"> [unsafe](javascript:alert(1))',
    '{% enddocs %}',
    '',
  ].join('\n'),
  'models/sources.yml': [
    'version: 2',
    'sources:',
    '  - name: raw',
    '    description: Files dropped by the web shop.',
    '    tables:',
    '      - name: orders_raw',
    '        description: One row per order event.',
    '        columns:',
    '          - name: id',
    '            description: Order id.',
    '',
  ].join('\n'),
  'models/bronze/bronze_orders.sql':
    "select id as order_id, customer_id, amount_cents from {{ source('raw', 'orders_raw') }}\n",
  'models/bronze/bronze_customers.sql': "select 1 as customer_id, 'Ann' as name\n",
  'models/silver/silver_orders.sql': `select order_id, customer_id, amount_cents / 100 as amount -- ${SCRIPT_BREAKER}\nfrom {{ ref('bronze_orders') }}\n`,
  'models/gold/gold_revenue.sql': [
    'select o.customer_id, sum(o.amount) as revenue',
    "from {{ ref('silver_orders') }} o join {{ ref('bronze_customers') }} c using (customer_id)",
    'group by 1',
    '',
  ].join('\n'),
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: silver_orders',
    '    description: Orders with amounts in **dollars**.',
    '    tags: [finance]',
    '    columns:',
    '      - name: order_id',
    '        description: The order key.',
    '        data_tests: [unique, not_null]',
    '      - name: amount',
    '        description: Amount in dollars.',
    '      - name: refund_reason',
    '        description: Documented but not built yet.',
    '  - name: gold_revenue',
    '    description: Revenue per customer.',
    '    columns:',
    '      - name: customer_id',
    '        data_tests: [not_null]',
    'exposures:',
    '  - name: revenue_dashboard',
    '    type: dashboard',
    '    owner: {name: Finance, email: finance@example.com}',
    '    depends_on: ["ref(\'gold_revenue\')"]',
    '',
  ].join('\n'),
  'seeds/countries.csv': 'code,name\nNL,Netherlands\n',
  'snapshots/orders_snapshot.sql':
    "{% snapshot orders_snapshot %}\n{{ config(unique_key='order_id', strategy='check', check_cols='all') }}\nselect * from {{ ref('silver_orders') }}\n{% endsnapshot %}\n",
  'tests/assert_positive_revenue.sql': "select * from {{ ref('gold_revenue') }} where revenue < 0\n",
  'analyses/revenue_check.sql': "select count(*) from {{ ref('gold_revenue') }}\n",
};

/** Parses `files` as a project with ldp's library; returns the folder and the manifest. */
export async function parseProject(
  files: Record<string, string> = SHOP_FILES,
): Promise<{ dir: string; manifest: Manifest }> {
  const dir = tempProject(files);
  const parsed = await parse(isolated(dir, { partialParse: false }));
  return { dir, manifest: parsed.manifest };
}

/** The unique id of the generic test `macro` on `node` (and `column`). */
export function testId(manifest: Manifest, macro: string, node: string, column?: string): string {
  for (const candidate of manifest.nodes.values()) {
    if (candidate.resourceType !== 'test') continue;
    if (candidate.testMetadata?.name !== macro || candidate.attachedNode !== node) continue;
    if (candidate.columnName === column) return candidate.uniqueId;
  }
  throw new Error(`no ${macro} test on ${node}.${column ?? ''}`);
}

/** Lineage as the catalog stores it after a run of the shop project. */
export const SHOP_LINEAGE: LineageGraph = {
  nodes: [{ uniqueId: 'model.shop.silver_orders', resourceType: 'model', name: 'silver_orders' }],
  edges: [
    { parentId: 'model.shop.bronze_orders', childId: 'model.shop.silver_orders' },
    { parentId: 'model.shop.dropped_model', childId: 'model.shop.silver_orders' },
  ],
  columns: [
    { uniqueId: 'model.shop.bronze_orders', name: 'amount_cents', dataType: 'INTEGER', ordinal: 2 },
    { uniqueId: 'model.shop.bronze_orders', name: 'order_id', dataType: 'BIGINT', ordinal: 0 },
    { uniqueId: 'model.shop.bronze_orders', name: 'customer_id', dataType: 'BIGINT', ordinal: 1 },
  ],
  columnEdges: [
    copy('model.shop.bronze_orders', 'order_id', 'source.shop.raw.orders_raw', 'id'),
    copy('model.shop.silver_orders', 'order_id', 'model.shop.bronze_orders', 'order_id'),
    {
      childId: 'model.shop.silver_orders',
      childColumn: 'amount',
      parentId: 'model.shop.bronze_orders',
      parentColumn: 'amount_cents',
      kind: 'transform',
    },
    copy('model.shop.gold_revenue', 'customer_id', 'model.shop.silver_orders', 'customer_id'),
    {
      childId: 'model.shop.gold_revenue',
      childColumn: 'revenue',
      parentId: 'model.shop.silver_orders',
      parentColumn: 'amount',
      kind: 'aggregate',
    },
    copy('model.shop.silver_orders', 'order_id', 'model.shop.dropped_model', 'order_id'),
  ],
};

function copy(childId: string, childColumn: string, parentId: string, parentColumn: string) {
  return { childId, childColumn, parentId, parentColumn, kind: 'copy' as const };
}

/** Catalog facts of the shop project after two runs: tables, snapshots and test results. */
export function shopCatalog(manifest: Manifest): Omit<DocsInput, 'projectName' | 'manifest'> {
  const silver: DocsTable = {
    namespace: 'silver',
    tableName: 'silver_orders',
    columns: [
      { name: 'ORDER_ID', type: 'BIGINT' },
      { name: 'customer_id', type: 'BIGINT' },
      { name: 'amount', type: 'DECIMAL(18,2)' },
      { name: 'loaded_at', type: 'TIMESTAMP WITH TIME ZONE' },
    ],
    rowCount: 1234567,
    sizeBytes: 5 * 1024 * 1024,
    snapshots: [
      snapshot('9007199254740993', '2024-05-01T10:00:00.000Z', 'append', 1234000, 1234000),
      snapshot('9007199254740995', '2024-05-02T10:00:00.000Z', 'overwrite', 1234567, 1234567),
    ],
  };
  const silverId = 'model.shop.silver_orders';
  const results: [string, DocsTestResult][] = [
    [testId(manifest, 'unique', silverId, 'order_id'), { status: 'pass', failures: 0, durationMs: 31 }],
    [
      testId(manifest, 'not_null', silverId, 'order_id'),
      { status: 'fail', failures: 2, executedAt: '2024-05-02T10:01:00.000Z', durationMs: 12 },
    ],
    ['test.shop.assert_positive_revenue', { status: 'error', message: 'Binder Error: column "revenue" <b>' }],
  ];
  return {
    compiledSql: new Map([[silverId, `select 1 as order_id -- ${SCRIPT_BREAKER}`]]),
    tables: new Map([[silverId, silver]]),
    testResults: new Map(results),
    lineage: SHOP_LINEAGE,
  };
}

function snapshot(snapshotId: string, committedAt: string, operation: string, added: number, total: number) {
  return {
    snapshotId,
    committedAt,
    operation,
    addedRecords: added,
    totalRecords: total,
    runId: `run-${snapshotId}`,
  };
}

/** Where a test writes files a person may want to look at (screenshots). */
export function targetDir(projectDir: string): string {
  return join(projectDir, 'target');
}

/**
 * The Chromium the browser tests drive: `LDP_CHROMIUM` when set, else the Debian package's
 * binary. Nothing is downloaded: README's Requirements say how to install it.
 */
export function chromiumPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env['LDP_CHROMIUM'] || '/usr/bin/chromium';
}

/**
 * Launches headless Chromium from `executablePath`, or fails with one line that says what to
 * install, rather than Playwright's page of advice about browsers it would download.
 */
export async function launchChromium(executablePath = chromiumPath()): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `The docs browser tests need Chromium at ${executablePath}: install it (Debian/Ubuntu: sudo apt-get install chromium) or set LDP_CHROMIUM to its path.`,
    );
  }
  return chromium.launch({ ...CHROMIUM_OPTIONS, executablePath });
}

/** Chromium headless and without any network-facing extras. */
const CHROMIUM_OPTIONS = {
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
