/**
 * REST catalog benchmark: `ldp catalog serve`'s server over a table with 1,000 snapshots (1,000
 * real metadata-only appends, each adding a manifest and a manifest list): (1) the time of one
 * table load over HTTP, the first (metadata file read) and the median of the next 200 (served
 * from the response cache), with a keep-alive `node:http` client in the same process, plain
 * and gzipped (decompressed by the client, counted in the time); (2) 100 loads sent at once, all of which must succeed; (3) the median time of a small REST commit.
 * Run alone: `npx tsx bench/rest.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { openCatalog } from '../src/catalog/index.js';
import { IcebergTable } from '../src/iceberg/index.js';
import type { DataFile } from '../src/iceberg/types.js';
import { serveRestCatalog } from '../src/servers/rest-catalog/index.js';
import { type BenchLine, median, printLines } from './support/measure.js';

export async function runRestBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const snapshots = options.quick ? 200 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ldp-bench-rest-'));
  const catalog = openCatalog({ warehousePath: dir });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const id = { namespace: ['bench'], name: 'long_history' };
  const table = await IcebergTable.create(catalog, id, {
    conn,
    sql: 'SELECT 1::BIGINT AS id, 1.0::DOUBLE AS v',
  });
  for (let s = 0; s < snapshots; s++) table.appendFiles([syntheticFile(table, s)]);
  const server = await serveRestCatalog({ catalog, port: 0 });
  const url = `${server.url}/v1/ldp/namespaces/bench/tables/long_history`;
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 100 });
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
    await server.close();
    catalog.close();
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
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

/** A data file entry with metrics, for metadata-only appends. */
function syntheticFile(table: IcebergTable, n: number): DataFile {
  const ids = table.schema.fields.map((f) => f.id);
  const counts = new Map(ids.map((id) => [id, 1000]));
  const bound = new Map(ids.map((id) => [id, Uint8Array.of(n & 0xff, 0, 0, 0, 0, 0, 0, 0)]));
  return {
    content: 0,
    filePath: `${table.metadata.location}/data/synthetic-${n}.parquet`,
    fileFormat: 'PARQUET',
    partition: {},
    recordCount: 1000,
    fileSizeInBytes: 65_536,
    columnSizes: counts,
    valueCounts: counts,
    nullValueCounts: new Map(ids.map((id) => [id, 0])),
    nanValueCounts: new Map(),
    lowerBounds: bound,
    upperBounds: bound,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printLines(
    'REST catalog (ldp catalog serve)',
    await runRestBench({ quick: process.argv.includes('--quick') }),
  );
}
