import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsGenerate, docsServe } from '../../src/api/index.js';
import type { SiteData, SiteNode } from '../../src/docs/index.js';
import { SHOP_FILES } from '../api/lineage/fixture.js';
import { execute, snapshotsOf } from '../support/lakehouse.js';
import { isolated, tempProject } from '../support/temp-project.js';
import { launchChromium, targetDir } from './support.js';

function siteData(dir: string): SiteData {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const match = /<script type="application\/json" id="ldp-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(match![1]!) as SiteData;
}

function nodeOf(data: SiteData, id: string): SiteNode {
  return data.nodes.find((n) => n.id === id)!;
}

/** The shop project after `ldp build` and a second run of silver_orders: two snapshots of it. */
async function builtShop() {
  const root = tempProject(SHOP_FILES);
  const build = await execute('build', root);
  const rerun = await execute('run', root, { select: ['silver_orders'] });
  return { root, build, rerun };
}

describe('ldp docs generate', () => {
  it('documents a project that was never run from its manifest and compiled SQL', async () => {
    const root = tempProject(SHOP_FILES);
    const result = await docsGenerate(isolated(root));
    expect(result.withCatalog).toBe(false);
    expect(result.dir).toBe(join(root, 'target', 'docs'));
    const data = siteData(result.dir);
    const silver = nodeOf(data, 'model.shop.silver_orders');
    expect(silver.table).toBeUndefined();
    expect(silver.compiledSql).toContain('"bronze"."customers"');
    expect(silver.compiledSql).toContain('__ldp__cte__paid_orders');
    expect(silver.columns.map((c) => c.name)).toEqual(['order_id']);
    expect(data.columnEdges).toEqual([]);
  });

  it('shows the catalog after a real build: Iceberg columns, counts, snapshots, test results, lineage', async () => {
    const { root, build, rerun } = await builtShop();
    const result = await docsGenerate(isolated(root));
    expect(result.withCatalog).toBe(true);
    const data = siteData(result.dir);
    const silver = nodeOf(data, 'model.shop.silver_orders');
    expect(silver.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'order_id BIGINT',
      'customer_id BIGINT',
      'customer_name VARCHAR',
      'amount DOUBLE',
    ]);
    const snapshots = snapshotsOf(root, 'silver.silver_orders');
    expect(silver.table).toMatchObject({
      namespace: 'silver',
      name: 'silver_orders',
      rowCount: 3,
      sizeBytes: Number(snapshots[1]!.summary['total-files-size']),
    });
    expect(silver.table!.snapshots.map((s) => [s.id, s.runId])).toEqual([
      [snapshots[1]!['snapshot-id'].toString(), rerun.runId],
      [snapshots[0]!['snapshot-id'].toString(), build.runId],
    ]);
    const unique = data.nodes.find((n) => n.id.startsWith('test.shop.unique_silver_orders_order_id'))!;
    expect(unique.test?.result).toMatchObject({ status: 'pass', failures: 0 });
    // The source's column types come from the stored lineage (DESCRIBE of its files).
    expect(nodeOf(data, 'source.shop.raw.orders').columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'id BIGINT',
      'customer_id BIGINT',
      'amount_cents BIGINT',
      'status VARCHAR',
    ]);
    const index = (id: string) => data.nodes.findIndex((n) => n.id === id);
    expect(data.columnEdges).toContainEqual([
      index('model.shop.silver_orders'),
      'customer_name',
      index('seed.shop.customers'),
      'name',
      'copy',
    ]);
  });
});

describe('the generated docs in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const text = async (locator: Locator) => (await locator.first().textContent({ timeout: 5000 })) ?? '';

  async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]');
    return { page, problems };
  }

  it('finds a model, shows its real columns and snapshots, walks the graph and traces a column', async () => {
    const { root, rerun } = await builtShop();
    const { dir } = await docsGenerate(isolated(root));
    const { page, problems } = await openPage(pathToFileURL(join(dir, 'index.html')).href);

    await page.fill('#search', 'silver_orders');
    const hit = page.locator('.results a.result[data-id="model.shop.silver_orders"]');
    await hit.click();
    await expect.poll(() => text(page.locator('.node-header h1'))).toBe('silver_orders');
    await expect.poll(() => text(page.locator('tr[data-column="amount"] td').nth(1))).toBe('DOUBLE');
    await expect.poll(() => text(page.locator('tr[data-column="customer_name"] td').nth(1))).toBe('VARCHAR');
    await expect
      .poll(() => text(page.locator('tr[data-column="order_id"] .test-chip.status-pass')))
      .toBe('not_null');
    const snapshotRows = page.locator('[data-section="iceberg snapshots"] tbody tr');
    await expect.poll(() => snapshotRows.count()).toBe(2);
    const newest = snapshotsOf(root, 'silver.silver_orders')[1]!['snapshot-id'].toString();
    await expect.poll(() => text(snapshotRows.first())).toContain(newest);
    await expect.poll(() => text(snapshotRows.first())).toContain(rerun.runId.slice(0, 8));

    await page.click('.node-header a.button');
    await page.waitForSelector('svg.graph .node.focus[data-id="model.shop.silver_orders"]');
    await page.click('button[data-action="columns"]');
    const column = page.locator('svg.graph .node.focus .column[data-column="customer_name"]');
    await column.click();
    await expect.poll(() => column.getAttribute('class')).toMatch(/selected/);
    await expect.poll(() => text(page.locator('.trail-list.upstream'))).toMatch(/customers\.name\s*copy/);
    await expect
      .poll(() => text(page.locator('.trail-list.downstream')))
      .toMatch(/customer_revenue\.customer_name\s*copy/);
    const screenshot = join(targetDir(root), 'docs-real-run.png');
    await page.screenshot({ path: screenshot });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);

    await page.click('svg.graph .node[data-id="seed.shop.customers"] .node-label');
    await page.waitForSelector('svg.graph .node.focus[data-id="seed.shop.customers"]');
    expect(decodeURIComponent(new URL(page.url()).hash)).toMatch(/^#\/graph\/seed\.shop\.customers/);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('ldp docs serve', () => {
  const get = (url: string, path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(new URL(url), { path, method: 'GET' }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('serves the generated site on 127.0.0.1 and refuses paths that leave it', async () => {
    const root = tempProject(SHOP_FILES);
    await expect(docsServe({ ...isolated(root), port: 0 })).rejects.toMatchObject({ code: 'LDP760' });
    const { dir } = await docsGenerate(isolated(root));
    const server = await docsServe({ ...isolated(root), port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await get(server.url, '/');
      expect(index.status).toBe(200);
      expect(index.body).toBe(readFileSync(join(dir, 'index.html'), 'utf8'));
      for (const path of [
        '/../../ldp_project.yml',
        '/%2e%2e/%2e%2e/ldp_project.yml',
        '/..%5c..%5cldp_project.yml',
      ]) {
        const refused = await get(server.url, path);
        expect([400, 403]).toContain(refused.status);
        expect(refused.body).not.toContain('name: shop');
      }
    } finally {
      await server.close();
    }
  });
});
