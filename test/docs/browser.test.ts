import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDocsSite, loadDocsAssets, writeDocsSite } from '../../src/docs/index.js';
import { launchChromium, parseProject, shopCatalog, targetDir } from './support.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Generates the site of `files` (or the shop project) into its target/docs, from the parsed project. */
async function siteOf(files?: Record<string, string>, catalog = true) {
  const { dir, manifest } = await parseProject(files);
  const facts = catalog ? shopCatalog(manifest) : {};
  const site = generateDocsSite(
    { projectName: manifest.projectName, manifest, ...facts },
    await loadDocsAssets(),
  );
  const siteDir = join(targetDir(dir), 'docs');
  await writeDocsSite(site, siteDir);
  return { dir, url: pathToFileURL(join(siteDir, 'index.html')).href };
}

/** Opens a page that fails the test on script errors, CSP violations or any request off the disk. */
async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  return { page, problems };
}

/** The text of the first element `locator` finds, once there is one. */
async function text(locator: Locator): Promise<string> {
  return (await locator.first().textContent({ timeout: 5000 })) ?? '';
}

/** Names of the nodes drawn in the graph. */
function drawnIds(page: Page): Promise<string[]> {
  return page.$$eval('svg.graph .node', (nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''));
}

describe('the docs site in Chromium, opened from disk', () => {
  it('searches, shows a node page, follows the graph upstream and traces a column', async () => {
    const { dir, url } = await siteOf();
    const { page, problems } = await openPage(url);

    await expect.poll(() => text(page.locator('#main h1').first())).toBe('shop');
    await expect.poll(() => text(page.locator('#main .markdown h1'))).toBe('Shop lakehouse');

    await page.fill('#search', 'refund_reason');
    await expect.poll(() => page.locator('.results a.result').count()).toBe(1);
    await page.fill('#search', 'dollars finance');
    const first = page.locator('.results a.result').first();
    await expect.poll(() => first.getAttribute('data-id')).toBe('model.shop.silver_orders');
    await first.click();

    await expect.poll(() => text(page.locator('.node-header h1'))).toBe('silver_orders');
    const orderId = page.locator('tr[data-column="ORDER_ID"]');
    await expect.poll(() => text(orderId.locator('td').nth(1))).toBe('BIGINT');
    await expect.poll(() => text(orderId.locator('.test-chip.status-fail'))).toBe('not_null');
    await expect.poll(() => text(orderId.locator('.test-chip.status-pass'))).toBe('unique');
    await expect.poll(() => text(page.locator('tr[data-column="refund_reason"]'))).toContain('not in table');
    await expect
      .poll(() => text(page.locator('[data-section="iceberg snapshots"] tbody tr').first()))
      .toContain('9007199254740995');
    await expect
      .poll(() => text(page.locator('pre.sql code')))
      .toContain('</script><script>window.pwned = true</script>');
    await page.click('button[data-sql="raw"]');
    await expect.poll(() => text(page.locator('pre.sql code'))).toContain("{{ ref('bronze_orders') }}");

    await page.click('.node-header a.button');
    await page.waitForSelector('svg.graph .node.focus[data-id="model.shop.silver_orders"]');
    expect(await drawnIds(page)).toEqual(
      expect.arrayContaining([
        'model.shop.bronze_orders',
        'source.shop.raw.orders_raw',
        'model.shop.gold_revenue',
      ]),
    );
    expect(await drawnIds(page)).not.toContain('test.shop.assert_positive_revenue');
    await expect
      .poll(() => page.locator('svg.graph .node[data-id="model.shop.bronze_orders"]').getAttribute('class'))
      .toMatch(/layer-bronze/);
    await expect
      .poll(() => page.locator('svg.graph .node[data-id="model.shop.gold_revenue"]').getAttribute('class'))
      .toMatch(/layer-gold/);

    await page.click('svg.graph .node[data-id="model.shop.bronze_orders"] .node-label');
    await page.waitForSelector('svg.graph .node.focus[data-id="model.shop.bronze_orders"]');
    await expect.poll(() => text(page.locator('.toolbar h1'))).toBe('Lineage of bronze_orders');
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/graph/model.shop.bronze_orders');

    await page.click('button[data-action="columns"]');
    const column = page.locator('svg.graph .node.focus .column[data-column="order_id"]');
    await column.click();
    await expect.poll(() => column.getAttribute('class')).toMatch(/selected/);
    await expect.poll(() => text(page.locator('.trail-list.upstream'))).toMatch(/raw\.orders_raw\.id\s*copy/);
    await expect
      .poll(() => text(page.locator('.trail-list.downstream')))
      .toMatch(/silver_orders\.order_id\s*copy/);
    await expect.poll(() => page.locator('svg.graph .column-edge.lit').count()).toBe(2);
    // The table's column is ORDER_ID; lineage says order_id: names match case-insensitively.
    const lit = page.locator('svg.graph .node[data-id="model.shop.silver_orders"] .column.lit');
    await expect.poll(() => lit.getAttribute('data-column')).toBe('ORDER_ID');

    const screenshot = join(targetDir(dir), 'docs-lineage.png');
    await page.screenshot({ path: screenshot });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(await page.evaluate("'pwned' in window")).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws only the focused neighbourhood of a large graph, nearest first', async () => {
    const files: Record<string, string> = {
      'ldp_project.yml':
        'name: big\nversion: "1"\nconfig-version: 2\nmedallion:\n  layers: [bronze, silver]\n',
      'models/bronze/hub.sql': 'select 1 as id\n',
    };
    for (let i = 0; i < 400; i += 1) {
      files[`models/silver/leaf_${i}.sql`] = "select * from {{ ref('hub') }}\n";
    }
    files['models/silver/leaf_0.sql'] = "select * from {{ ref('hub') }}, {{ ref('leaf_1') }}\n";
    const { url } = await siteOf(files, false);
    const { page, problems } = await openPage(`${url}#/graph`);

    await expect
      .poll(() => text(page.locator('.canvas-message')))
      .toContain('401 nodes, more than can be drawn at once');
    await expect.poll(() => page.locator('svg.graph').count()).toBe(0);

    await page.goto(`${url}#/graph/model.big.leaf_0`);
    await page.waitForSelector('svg.graph .node.focus[data-id="model.big.leaf_0"]');
    expect((await drawnIds(page)).sort()).toEqual(['model.big.hub', 'model.big.leaf_0', 'model.big.leaf_1']);

    await page.goto(`${url}#/graph/model.big.hub`);
    await page.waitForSelector('svg.graph .node.focus[data-id="model.big.hub"]');
    expect(await drawnIds(page)).toHaveLength(250);
    await expect
      .poll(() => text(page.locator('.graph-status')))
      .toBe('250 nodes of 401 (nearest first): lower the depth to see less');

    await page.click('.toolbar a.button:text("Whole graph")');
    await expect.poll(() => page.locator('svg.graph .node').count()).toBe(401);
    await expect.poll(() => text(page.locator('.graph-status'))).toBe('401 nodes');

    await page.goto(`${url}#/graph/model.big.hub`);
    await page.waitForSelector('svg.graph .node.focus[data-id="model.big.hub"]');
    await page.selectOption('select[name="direction"]', 'up');
    await expect.poll(() => page.url()).toContain('dir=up');
    await expect.poll(() => page.locator('svg.graph .node').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
