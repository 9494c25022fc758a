/**
 * Docs site benchmark: generate the site of a 5,000-model project (with catalog facts and
 * column lineage for every model), open it from disk in Chromium, and measure how long the page
 * takes to become usable, to search, and to draw a focused node's lineage (the time from
 * changing the address to the painted graph). Run alone: `npx tsx bench/docs.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { parse } from '../src/api/index.js';
import {
  type DocsColumnEdge,
  type DocsInput,
  type DocsTable,
  generateDocsSite,
  loadDocsAssets,
  writeDocsSite,
} from '../src/docs/index.js';
import type { Manifest } from '../src/model/manifest.js';
import { type BenchLine, median, printLines } from './support/measure.js';
import { writeSyntheticProject } from './support/synthetic-project.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RUNS = 5;

export async function runDocsBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const models = options.quick ? 1_000 : 5_000;
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-docs-'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    writeSyntheticProject(dir, models);
    const { manifest } = await parse({ projectDir: dir, env: {}, homeDir: join(dir, '.no-home') });
    const input = { projectName: 'synthetic', manifest, ...catalogFacts(manifest) };
    const assets = await loadDocsAssets();
    const started = performance.now();
    const site = generateDocsSite(input, assets);
    const generateMs = performance.now() - started;
    const siteDir = join(dir, 'target', 'docs');
    await writeDocsSite(site, siteDir);
    const bytes = site.files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(PAGE_PROBES);
    const lines: BenchLine[] = [
      { name: `generate the site of ${models} models (pure, in memory)`, value: generateMs, unit: 'ms' },
      { name: 'site size (index.html with data, and assets)', value: bytes / 1024 / 1024, unit: 'MB' },
      {
        name: 'open from disk until usable (parse data, index, draw)',
        value: await openTime(page, siteDir),
        unit: 'ms',
      },
      {
        name: 'search "model_4" (filter and redraw the list)',
        value: await searchTime(page, 'model_4'),
        unit: 'ms',
      },
      ...(await graphLines(page, models)),
    ];
    return lines;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Columns, snapshots, test results and column lineage, as the catalog would hold them after runs. */
function catalogFacts(manifest: Manifest): Omit<DocsInput, 'projectName' | 'manifest'> {
  const tables = new Map<string, DocsTable>();
  const compiledSql = new Map<string, string>();
  const columnEdges: DocsColumnEdge[] = [];
  const testResults = new Map<string, { status: 'pass'; failures: number }>();
  for (const node of manifest.nodes.values()) {
    if (node.resourceType === 'test') testResults.set(node.uniqueId, { status: 'pass', failures: 0 });
    if (node.resourceType !== 'model') continue;
    compiledSql.set(node.uniqueId, node.rawSql.replace(/\{\{ ref\('(\w+)'\) \}\}/g, '"main"."$1"'));
    tables.set(node.uniqueId, table(node.name));
    columnEdges.push(...syntheticColumnEdges(node.uniqueId, manifest.parentMap.get(node.uniqueId) ?? []));
  }
  return { compiledSql, tables, testResults, lineage: { nodes: [], edges: [], columns: [], columnEdges } };
}

/** What the synthetic model's SQL does: ids copied from the first parent (joined with the others), amounts computed. */
function syntheticColumnEdges(childId: string, parents: readonly string[]): DocsColumnEdge[] {
  const [first, ...joined] = parents;
  if (first === undefined) return [];
  const edge = (
    parentId: string,
    childColumn: string,
    parentColumn: string,
    kind: DocsColumnEdge['kind'],
  ) => ({
    childId,
    childColumn,
    parentId,
    parentColumn,
    kind,
  });
  return [
    edge(first, 'id', 'id', 'copy'),
    ...joined.map((parentId) => edge(parentId, 'id', 'id', 'join')),
    ...['amount', 'a_cents', 'b_cents', 'c_cents', 'amount_cents'].map((column) =>
      edge(first, column, 'amount_cents', 'transform'),
    ),
  ];
}

function table(name: string): DocsTable {
  const names = ['id', 'amount', 'a_cents', 'b_cents', 'c_cents', 'amount_cents'];
  return {
    namespace: 'main',
    tableName: name,
    columns: names.map((column) => ({
      name: column,
      type: column === 'amount' ? 'DECIMAL(16,2)' : 'BIGINT',
    })),
    rowCount: 10,
    sizeBytes: 4096,
    snapshots: [1, 2, 3].map((run) => ({
      snapshotId: String(9_000_000_000_000_000_000n + BigInt(run)),
      committedAt: `2024-05-0${run}T10:00:00.000Z`,
      operation: run === 1 ? 'append' : 'overwrite',
      addedRecords: 10,
      totalRecords: 10,
      runId: `run-${run}`,
    })),
  };
}

/**
 * Probes installed in the page before its own script. Each resolves once the browser has
 * painted the result (a frame, then a task), timed with the page's own clock.
 */
const PAGE_PROBES = `
window.afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
window.benchSearch = (text) => {
  const input = document.getElementById('search');
  const started = performance.now();
  input.value = text;
  input.dispatchEvent(new Event('input'));
  return afterPaint().then(() => performance.now() - started);
};
window.benchNavigate = (hash) => new Promise((resolve) => {
  if (location.hash === hash) return resolve({ ms: 0, nodes: 0 });
  const started = performance.now();
  document.addEventListener('ldp-docs:rendered', (event) => {
    afterPaint().then(() => resolve({ ms: performance.now() - started, nodes: event.detail.nodes ?? 0 }));
  }, { once: true });
  location.hash = hash;
});
`;

/** From navigation start to the painted first view. */
async function openTime(page: Page, siteDir: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await page.goto(pathToFileURL(join(siteDir, 'index.html')).href);
    await page.waitForSelector('html[data-ready="true"]');
    times.push(await page.evaluate<number>('afterPaint().then(() => performance.now())'));
  }
  return median(times);
}

/** Typing the whole query at once into a cleared search box, until the list is painted. */
async function searchTime(page: Page, query: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await page.evaluate('benchSearch("")');
    times.push(await page.evaluate<number>(`benchSearch(${JSON.stringify(query)})`));
  }
  return median(times);
}

/** Focus times for a hub (hits the draw limit), a middle node and a late node, then column mode. */
async function graphLines(page: Page, models: number): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const cases: [string, string][] = [
    ['hub model, depth 2', 'model_4'],
    ['middle model, depth 2', `model_${Math.floor(models / 2)}`],
    ['last model, depth 2', `model_${models - 1}`],
  ];
  for (const [label, name] of cases) {
    const sample = await navigationTimes(page, `#/graph/model.synthetic.${name}`);
    lines.push({ name: `graph focus: ${label} (${sample.nodes} nodes drawn)`, value: sample.ms, unit: 'ms' });
  }
  const middle = `model.synthetic.model_${Math.floor(models / 2)}`;
  const columns = await navigationTimes(page, `#/graph/${middle}?columns=1`);
  lines.push({
    name: `graph focus with column lineage (${columns.nodes} nodes)`,
    value: columns.ms,
    unit: 'ms',
  });
  const whole = await navigationTimes(page, '#/graph?all=1', 1);
  lines.push({ name: `whole graph when asked for (${whole.nodes} nodes)`, value: whole.ms, unit: 'ms' });
  return lines;
}

/** Median time from setting the address to the painted view; each run starts from the overview. */
async function navigationTimes(
  page: Page,
  hash: string,
  runs = RUNS,
): Promise<{ ms: number; nodes: number }> {
  const samples: { ms: number; nodes: number }[] = [];
  for (let run = 0; run < runs; run += 1) {
    await page.evaluate('benchNavigate("#/")');
    samples.push(
      await page.evaluate<{ ms: number; nodes: number }>(`benchNavigate(${JSON.stringify(hash)})`),
    );
  }
  return { ms: median(samples.map((s) => s.ms)), nodes: samples[0]!.nodes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printLines('Docs site', await runDocsBench({ quick: process.argv.includes('--quick') }));
}
