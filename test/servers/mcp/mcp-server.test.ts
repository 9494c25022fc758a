import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_FILES } from '../../api/lineage/fixture.js';
import { tempProject } from '../../support/temp-project.js';

const MAIN = resolve(import.meta.dirname, '..', '..', '..', 'dist', 'cli', 'main.js');

/** The shop project, with a tag to search and a singular test on the last model that fails on one row. */
const FILES: Record<string, string> = {
  ...SHOP_FILES,
  'models/schema.yml': SHOP_FILES['models/schema.yml']!.replace(
    '    description: Paid orders with the customer name.',
    '    description: Paid orders with the customer name.\n    tags: [finance]',
  ),
  'tests/big_customers_only.sql': "select * from {{ ref('customer_revenue') }} where revenue < 10\n",
};

let root: string;
let client: Client;
let stderr = '';
/** Lines on stdout that are not protocol messages end up here. */
const protocolErrors: Error[] = [];

beforeAll(async () => {
  root = tempProject(FILES);
  const built = ldp(['build']);
  // The singular test fails: the build records a run with a failure.
  expect(built.stdout).toContain('big_customers_only');
  expect(built.status).toBe(1);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MAIN, 'mcp', '--project-dir', root],
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: join(root, '.home'), CI: 'true' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  client = new Client({ name: 'ldp-test', version: '1.0.0' });
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
}, 120_000);

afterAll(async () => {
  await client?.close();
});

interface ToolAnswer {
  readonly isError: boolean;
  readonly text: string;
}

async function call(name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  return { isError: result.isError === true, text: content.map((c) => c.text).join('\n') };
}

async function callJson<T = Record<string, unknown>>(
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const answer = await call(name, args);
  expect(answer.isError, answer.text).toBe(false);
  return JSON.parse(answer.text) as T;
}

describe('ldp mcp over stdio', () => {
  it('lists its six tools, each read-only', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'compiled_sql',
      'describe_node',
      'lineage',
      'query',
      'recent_runs',
      'search_nodes',
    ]);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('searches nodes by name, tag, description and column', async () => {
    const byTag = await callJson<{ uniqueId: string; matchedIn: string[] }[]>('search_nodes', {
      text: 'finance',
    });
    expect(byTag.map((m) => m.uniqueId)).toEqual(['model.shop.silver_orders']);
    expect(byTag[0]!.matchedIn).toEqual(['tag']);
    // A column no YAML documents: the catalog recorded it when the models were built.
    const byColumn = await callJson<{ uniqueId: string; matchedIn: string[] }[]>('search_nodes', {
      text: 'customer_name',
      resource_types: ['model'],
    });
    expect(byColumn.map((m) => `${m.uniqueId} ${m.matchedIn}`)).toEqual([
      'model.shop.customer_revenue column customer_name',
      'model.shop.silver_orders column customer_name',
    ]);
    const byDescription = await callJson<{ uniqueId: string }[]>('search_nodes', { text: 'web shop' });
    expect(byDescription.map((m) => m.uniqueId)).toEqual(['source.shop.raw.orders']);
  });

  it('describes a node: config, typed and documented columns, tests with results, snapshots', async () => {
    const described = await callJson<{
      config: { materialized: string };
      layer: string;
      columns: { name: string; type?: string; description?: string; tests?: string[] }[];
      tests: { name: string; column?: string; lastResult?: { status: string } }[];
      storage: { kind: string; table: string; snapshots: { operation: string; current: boolean }[] };
      dependsOn: string[];
    }>('describe_node', { node: 'silver_orders' });
    expect(described.config.materialized).toBe('table');
    expect(described.layer).toBe('silver');
    expect(described.dependsOn).toEqual(['model.shop.paid_orders', 'seed.shop.customers']);
    const orderId = described.columns.find((c) => c.name === 'order_id')!;
    expect(orderId.type).toBe('BIGINT');
    expect(orderId.description).toBe('The order key.');
    expect(orderId.tests).toHaveLength(2);
    expect(described.columns.find((c) => c.name === 'customer_name')?.type).toBe('VARCHAR');
    expect(described.tests.map((t) => `${t.name} ${t.column} ${t.lastResult?.status}`)).toEqual([
      'not_null_silver_orders_order_id order_id pass',
      'unique_silver_orders_order_id order_id pass',
    ]);
    expect(described.storage.kind).toBe('table');
    expect(described.storage.table).toBe('silver.silver_orders');
    expect(described.storage.snapshots).toHaveLength(1);
    expect(described.storage.snapshots[0]!.current).toBe(true);
  });

  it('gives table and column lineage as `ldp lineage -o json` does', async () => {
    const table = await callJson<{ vertices: { key: string; distance: number }[] }>('lineage', {
      node: 'silver_orders',
      direction: 'upstream',
    });
    expect(table).toEqual(JSON.parse(ldp(['lineage', 'silver_orders', '--upstream', '-o', 'json']).stdout));
    expect(table.vertices.map((v) => `${v.key} ${v.distance}`)).toContain('source.shop.raw.orders 3');
    const column = await callJson<{ edges: { kind?: string }[]; vertices: { key: string }[] }>('lineage', {
      node: 'raw.orders',
      direction: 'downstream',
      column: 'id',
    });
    expect(column.vertices.map((v) => v.key)).toEqual(
      expect.arrayContaining(['model.shop.bronze_orders.order_id', 'model.shop.silver_orders.order_id']),
    );
  });

  it('lists recent runs with their failures', async () => {
    const runs = await callJson<
      {
        command: string;
        status: string;
        counts: Record<string, number>;
        problems: { name: string; status: string; failures?: number }[];
      }[]
    >('recent_runs', { limit: 5 });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.command).toBe('build');
    expect(runs[0]!.counts['fail']).toBe(1);
    expect(runs[0]!.problems).toEqual([
      expect.objectContaining({ name: 'big_customers_only', status: 'fail', failures: 1 }),
    ]);
  });

  it('shows the compiled SQL of a model, the ephemeral model inlined', async () => {
    const compiled = await callJson<{ rawSql: string; sql: string }>('compiled_sql', {
      node: 'model.shop.silver_orders',
    });
    expect(compiled.rawSql).toContain("{{ ref('paid_orders') }}");
    expect(compiled.sql).toContain('with __ldp__cte__paid_orders as (');
    expect(compiled.sql).toContain('"bronze"."bronze_orders"');
    expect(compiled.sql).toContain('"bronze"."customers"');
  });

  it('runs a read-only query over tables, views and sources, with a row limit', async () => {
    const revenue = await callJson<{ columns: { name: string; type: string }[]; rows: unknown[][] }>(
      'query',
      {
        sql: 'with r as (select * from gold.customer_revenue) select customer_name, revenue from r order by 1',
      },
    );
    expect(revenue.columns.map((c) => c.name)).toEqual(['customer_name', 'revenue']);
    expect(revenue.rows.map((r) => r[0])).toEqual(['Ann', 'Bob']);
    const source = await callJson<{ rows: unknown[][] }>('query', { sql: 'select count(*) from raw.orders' });
    expect(source.rows).toEqual([['4']]);
    const limited = await callJson<{ rows: unknown[][]; truncated: boolean }>('query', {
      sql: 'select * from range(5000)',
      limit: 3,
    });
    expect(limited.rows).toEqual([['0'], ['1'], ['2']]);
    expect(limited.truncated).toBe(true);
  });

  it('stops a query at its timeout', async () => {
    const answer = await call('query', {
      sql: 'select sum(a.range * b.range) from range(100000000) a, range(100000000) b',
      timeout_ms: 200,
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('LDP833');
  });

  it('answers bad requests with ldp errors and keeps serving', async () => {
    const unknown = await call('describe_node', { node: 'silver_ordres' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('LDP840');
    expect(unknown.text).toContain("Did you mean 'silver_orders'?");
    const seed = await call('compiled_sql', { node: 'customers' });
    expect(seed.text).toContain('LDP842');
    const badSql = await call('query', { sql: 'selec 1' });
    expect(badSql.text).toContain('LDP830');
    expect((await client.listTools()).tools).toHaveLength(6);
  });
});

describe('ldp mcp outside a project', () => {
  it('fails before serving, with the error on stderr and nothing on stdout', () => {
    const result = ldp(['mcp', '--project-dir', join(root, 'missing')]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('LDP100');
  });
});

describe('the read-only query', () => {
  const writing = (dir: string) => [
    `copy (select * from silver.silver_orders) to '${join(dir, 'out.csv')}'`,
    `copy silver.silver_orders to '${join(dir, 'warehouse', 'silver', 'out.parquet')}'`,
    `attach '${join(dir, 'warehouse', 'catalog.db')}' as cat`,
    'create table silver.evil as select 1 as a',
    'insert into silver.silver_orders select * from silver.silver_orders',
    'drop view gold.customer_revenue',
    'pragma threads = 1',
    'set enable_external_access = true',
    "set allowed_directories = ['/']",
    'install httpfs',
    'call checkpoint()',
    `export database '${join(dir, 'export')}'`,
  ];

  it('refuses every statement but a single SELECT, and changes nothing', async () => {
    const before = warehouseHash(root);
    for (const sql of writing(root)) {
      const answer = await call('query', { sql });
      expect(answer.isError, sql).toBe(true);
      expect(answer.text, sql).toContain('LDP831');
    }
    const several = await call('query', { sql: 'select 1; select 2' });
    expect(several.text).toContain('LDP832');
    const hidden = await call('query', { sql: `select 1; copy (select 1) to '${join(root, 'out2.csv')}'` });
    expect(hidden.isError).toBe(true);
    expect(warehouseHash(root)).toBe(before);
    expect(existsSync(join(root, 'out.csv'))).toBe(false);
    expect(existsSync(join(root, 'out2.csv'))).toBe(false);
    expect(existsSync(join(root, 'export'))).toBe(false);
  });

  it('lets no SELECT read files outside the warehouse and the sources, nor run other statements', async () => {
    const before = warehouseHash(root);
    for (const sql of [
      "select * from read_text('/etc/hostname')",
      `select * from read_text('${join(root, 'ldp_project.yml')}')`,
      "select * from glob('/*')",
      `select * from query('copy (select 1) to ''${join(root, 'out3.csv')}''')`,
      `select * from query('create table evil as select 1')`,
    ]) {
      const answer = await call('query', { sql });
      expect(answer.isError, sql).toBe(true);
      expect(answer.text, sql).toContain('LDP834');
    }
    expect(existsSync(join(root, 'out3.csv'))).toBe(false);
    expect(warehouseHash(root)).toBe(before);
    // The data is as the build left it.
    const rows = await callJson<{ rows: unknown[][] }>('query', {
      sql: 'select count(*) from silver.silver_orders',
    });
    expect(rows.rows).toEqual([['3']]);
    // Nothing but protocol messages on stdout, nothing at all on stderr.
    expect(protocolErrors).toEqual([]);
    expect(stderr).toBe('');
  });
});

/** Runs the built CLI in the project, stdin closed. */
function ldp(args: readonly string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    input: '',
    env: { PATH: process.env['PATH'] ?? '', HOME: join(root, '.home'), CI: 'true' },
  });
}

/**
 * One hash of every file of the warehouse: its path and its bytes. SQLite's sidecar files are
 * not data: a reader of a WAL-mode catalog creates `-shm` (an index in shared memory) and an
 * empty `-wal`; a `-wal` with content would be a change, so it counts then.
 */
function warehouseHash(projectRoot: string): string {
  const hash = createHash('sha256');
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('-shm') || (entry.name.endsWith('-wal') && statSync(path).size === 0))
        continue;
      else hash.update(path).update(readFileSync(path));
    }
  };
  visit(join(projectRoot, 'warehouse'));
  return hash.digest('hex');
}
