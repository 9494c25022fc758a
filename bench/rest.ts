/**
 * REST catalog benchmark: the real `ldp catalog serve` (built CLI, its own process) over a table
 * with 1,000 snapshots (1,000 real metadata-only appends, each adding a manifest and a manifest
 * list), and a keep-alive `node:http` client here: (1) the first table load (reads the metadata
 * file) and the median of 200 more (served from the response cache), plain and gzipped
 * (decompressed by the client, counted in the time); (2) 100 loads sent at once, all of which
 * must succeed; (3) the median time of a small REST commit. Needs `npm run build` (as
 * `npm run bench` does). Run alone: `npx tsx bench/rest.ts [--quick]`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { openCatalog } from '../src/catalog/index.js';
import { IcebergTable } from '../src/iceberg/index.js';
import { type BenchLine, median, printLines } from './support/measure.js';
import { syntheticDataFile } from './support/synthetic-data-file.js';

const CLI = resolve(import.meta.dirname, '..', 'dist', 'cli', 'main.js');

export async function runRestBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const snapshots = options.quick ? 200 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-rest-'));
  writeFileSync(join(dir, 'ldp_project.yml'), 'name: bench\n');
  const catalog = openCatalog({ warehousePath: join(dir, 'warehouse') });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const id = { namespace: ['bench'], name: 'long_history' };
  const table = await IcebergTable.create(catalog, id, {
    conn,
    sql: 'SELECT 1::BIGINT AS id, 1.0::DOUBLE AS v',
  });
  for (let s = 0; s < snapshots; s++) table.appendFiles([syntheticDataFile(table, s, 8)]);
  catalog.close();
  conn.closeSync();
  const server = await startServer(dir);
  const url = `${server.url}/v1/ldp/namespaces/bench/tables/long_history`;
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 100, noDelay: true });
    const load = () => send(agent, url, 'GET');
    const loadGzip = () => send(agent, url, 'GET', { gzip: true });
    const coldStart = performance.now();
    const bytes = await load();
    const coldMs = performance.now() - coldStart;
    for (let i = 0; i < 20; i++) await load();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await load();
      times.push(performance.now() - start);
    }
    const gzipTimes: number[] = [];
    for (let i = 0; i < 220; i++) {
      const start = performance.now();
      await loadGzip();
      gzipTimes.push(performance.now() - start);
    }
    const started = performance.now();
    const burst = await Promise.allSettled(Array.from({ length: 100 }, load));
    const burstMs = performance.now() - started;
    const failed = burst.filter((r) => r.status === 'rejected').length;
    const commits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      const body = { requirements: [], updates: [{ action: 'set-properties', updates: { n: String(i) } }] };
      await send(agent, url, 'POST', { body: JSON.stringify(body) });
      commits.push(performance.now() - start);
    }
    agent.destroy();
    return [
      {
        name: `first load over HTTP (reads the metadata file): ${snapshots} snapshots`,
        value: coldMs,
        unit: 'ms',
      },
      {
        name: `load table metadata over HTTP: ${snapshots} snapshots, ${(bytes / 1024).toFixed(0)} KiB (median)`,
        value: median(times),
        unit: 'ms',
        goal: snapshots === 1000 ? '≤ 5 ms' : undefined,
      },
      {
        name: 'the same load with gzip, decompressed by the client (median)',
        value: median(gzipTimes.slice(20)),
        unit: 'ms',
      },
      { name: '100 concurrent loads: failed requests', value: failed, unit: '', goal: '0' },
      { name: '100 concurrent loads: wall time for all', value: burstMs, unit: 'ms' },
      {
        name: `small commit over HTTP (set-properties, ${snapshots} snapshots; median)`,
        value: median(commits),
        unit: 'ms',
      },
    ];
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts `ldp catalog serve --port 0` on the project and waits for the URL it prints. */
async function startServer(projectDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'catalog', 'serve', '--port', '0', '--project-dir', projectDir],
    {
      env: { ...process.env, CI: 'true' },
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found) resolve(found);
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`ldp catalog serve exited (${code}):\n${output}`)));
  });
  return { child, url };
}

/**
 * One request; resolves with the body size, rejects on any status but 200. With `gzip` it asks
 * for a compressed body and decompresses it, as a client must (counted in the time).
 */
function send(
  agent: Agent,
  url: string,
  method: string,
  options: { gzip?: boolean; body?: string } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'accept-encoding': options.gzip ? 'gzip' : 'identity' };
    const call = request(url, { agent, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200)
          return reject(new Error(`${method} answered ${response.statusCode}`));
        const body = Buffer.concat(chunks);
        resolve(response.headers['content-encoding'] === 'gzip' ? gunzipSync(body).length : body.length);
      });
    });
    call.on('error', reject);
    call.end(options.body);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printLines(
    'REST catalog (ldp catalog serve)',
    await runRestBench({ quick: process.argv.includes('--quick') }),
  );
}
