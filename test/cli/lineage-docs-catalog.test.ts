import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOP_FILES } from '../api/lineage/fixture.js';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

let built: string;

beforeAll(() => {
  built = tempProject(SHOP_FILES);
  const result = runCli(['build', '--openlineage', 'events.jsonl'], built);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

describe('ldp lineage', () => {
  it('prints the table-level tree upstream, downstream and both ways', () => {
    const upstream = runCli(['lineage', 'silver_orders', '--upstream'], built);
    expect(upstream.code).toBe(0);
    expect(upstream.stdout).toBe(
      [
        'silver_orders (model, silver)',
        '├── paid_orders (model, silver)',
        '│   └── bronze_orders (model, bronze)',
        '│       └── raw.orders (source)',
        '└── customers (seed, bronze)',
        '',
      ].join('\n'),
    );
    const both = runCli(['lineage', 'model.shop.silver_orders', '--depth', '1'], built);
    expect(both.stdout).toBe(
      [
        'silver_orders (model, silver)',
        '├── upstream',
        '│   ├── paid_orders (model, silver)',
        '│   └── customers (seed, bronze)',
        '└── downstream',
        '    ├── customer_revenue (model, gold)',
        '    ├── not_null_silver_orders_order_id (test)',
        '    └── unique_silver_orders_order_id (test)',
        '',
      ].join('\n'),
    );
  });

  it('follows a column through column lineage, a source named as source_name.table', () => {
    const down = runCli(['lineage', 'raw.orders', '--downstream', '--column', 'id'], built);
    expect(down.stdout).toBe(
      [
        'raw.orders.id (source)',
        '└── [copy] bronze_orders.order_id (model, bronze)',
        '    └── [copy] silver_orders.order_id (model, silver)',
        '',
      ].join('\n'),
    );
    const up = runCli(['lineage', 'customer_revenue', '--upstream', '-c', 'revenue', '--depth', '2'], built);
    expect(up.stdout).toBe(
      [
        'customer_revenue.revenue (model, gold)',
        '└── [aggregate] silver_orders.amount (model, silver)',
        '    ├── [transform] bronze_orders.amount_cents (model, bronze)',
        '    ├── [join] bronze_orders.customer_id (model, bronze)',
        '    ├── [filter] bronze_orders.status (model, bronze)',
        '    └── [join] customers.customer_id (seed, bronze)',
        '',
      ].join('\n'),
    );
  });

  it('renders json, dot and mermaid', () => {
    const json = JSON.parse(runCli(['lineage', 'silver_orders', '--upstream', '-o', 'json'], built).stdout);
    expect(json).toMatchObject({ level: 'table', direction: 'upstream', root: 'model.shop.silver_orders' });
    expect(json.vertices.map((v: { key: string; distance: number }) => `${v.key} ${v.distance}`)).toEqual([
      'model.shop.bronze_orders 2',
      'model.shop.paid_orders 1',
      'model.shop.silver_orders 0',
      'seed.shop.customers 1',
      'source.shop.raw.orders 3',
    ]);
    const dot = runCli(['lineage', 'silver_orders', '--upstream', '--depth', '1', '-o', 'dot'], built);
    expect(dot.stdout).toBe(
      [
        'digraph lineage {',
        '  rankdir=LR;',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  "model.shop.paid_orders" [label="paid_orders\\nmodel, silver"];',
        '  "model.shop.silver_orders" [label="silver_orders\\nmodel, silver", style="rounded,bold"];',
        '  "seed.shop.customers" [label="customers\\nseed, bronze"];',
        '  "model.shop.paid_orders" -> "model.shop.silver_orders";',
        '  "seed.shop.customers" -> "model.shop.silver_orders";',
        '}',
        '',
      ].join('\n'),
    );
    const mermaid = runCli(
      ['lineage', 'customer_revenue', '-c', 'customer_name', '--upstream', '-o', 'mermaid'],
      built,
    );
    expect(mermaid.stdout).toBe(
      [
        'flowchart LR',
        '  subgraph s0["bronze_orders (model, bronze)"]',
        '    n0["customer_id"]',
        '    n1["status"]',
        '  end',
        '  subgraph s1["customer_revenue (model, gold)"]',
        '    n2["customer_name"]',
        '  end',
        '  subgraph s2["silver_orders (model, silver)"]',
        '    n3["customer_name"]',
        '  end',
        '  subgraph s3["customers (seed, bronze)"]',
        '    n4["customer_id"]',
        '    n5["name"]',
        '  end',
        '  subgraph s4["raw.orders (source)"]',
        '    n6["customer_id"]',
        '    n7["status"]',
        '  end',
        '  n0 -.->|join| n3',
        '  n1 -.->|filter| n3',
        '  n3 -->|copy| n2',
        '  n4 -.->|join| n3',
        '  n5 -->|copy| n3',
        '  n6 -->|copy| n0',
        '  n7 -->|copy| n1',
        '  classDef root stroke-width:3px',
        '  class n2 root',
        '',
      ].join('\n'),
    );
  });

  it('explains what to do when nothing was run or a name is wrong', () => {
    const fresh = tempProject(SHOP_FILES);
    const never = runCli(['lineage', 'silver_orders'], fresh);
    expect(never.code).toBe(1);
    expect(never.stderr).toContain('error[LDP715]');
    expect(never.stderr).toContain('Run `ldp run`');
    expect(never.stderr).not.toMatch(/\n\s+at /);
    const typo = runCli(['lineage', 'silver_ordrs'], built);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("Did you mean 'silver_orders'?");
    const both = runCli(['lineage', 'silver_orders', '--upstream', '--downstream'], built);
    expect(both.code).toBe(1);
  });
});

describe('ldp build --openlineage', () => {
  it('writes paired events to the file, relative to where ldp runs', () => {
    const lines = readFileSync(join(built, 'events.jsonl'), 'utf8').trimEnd().split('\n');
    const events = lines.map((line) => JSON.parse(line));
    const runs = new Set(events.map((e) => e.run.runId));
    expect(events).toHaveLength(runs.size * 2);
    expect(events.filter((e) => e.eventType === 'COMPLETE')).toHaveLength(runs.size);
    const silver = events.find(
      (e) => e.job.name === 'model.shop.silver_orders' && e.eventType === 'COMPLETE',
    );
    expect(Object.keys(silver.outputs[0].facets).sort()).toEqual(['columnLineage', 'schema']);
  });
});

describe('ldp catalog export', () => {
  it('prints CSV, or writes JSON to a file', () => {
    const csv = runCli(['catalog', 'export'], built);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'namespace,name,kind,layer,model,columns,row_count,size_bytes,snapshot_count,last_updated_at',
    );
    expect(csv.stdout).toContain('\r\nsilver,silver_orders,table,silver,model.shop.silver_orders,');
    const written = runCli(['catalog', 'export', '--format', 'json', '--output-file', 'catalog.json'], built);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('Wrote 4 tables and views to catalog.json');
    const entries = JSON.parse(readFileSync(join(built, 'catalog.json'), 'utf8'));
    expect(entries.map((e: { name: string; kind: string }) => `${e.name} ${e.kind}`)).toEqual([
      'bronze_orders table',
      'customers table',
      'customer_revenue view',
      'silver_orders table',
    ]);
  });
});

describe('ldp docs', () => {
  it('generates the site of a project never run', () => {
    const fresh = tempProject(SHOP_FILES);
    const result = runCli(['docs', 'generate'], fresh);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('target/docs/index.html (nothing built yet: manifest only)');
    expect(existsSync(join(fresh, 'target', 'docs', 'assets', 'ldp-docs.js'))).toBe(true);
  });

  it('serves the site until interrupted', async () => {
    expect(runCli(['docs', 'generate'], built).code).toBe(0);
    const root = resolve(import.meta.dirname, '..', '..');
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
        join(root, 'src', 'cli', 'main.ts'),
        'docs',
        'serve',
        '--port',
        '0',
      ],
      { cwd: built, env: { PATH: process.env['PATH'] ?? '', HOME: join(built, '.home'), CI: 'true' } },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await expect
      .poll(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0], { timeout: 20_000 })
      .toBeTruthy();
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="ldp-data"');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
