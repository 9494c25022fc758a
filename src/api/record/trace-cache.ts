import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { version as duckdbVersion } from '@duckdb/node-api';
import type { DuckDbPool } from '../../adapters/duckdb/index.js';
import type { ColumnLineageResult, UpstreamRelation } from '../../lineage/index.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import { type TraceJob, traceModels } from './trace-models.js';

const CACHE_FORMAT = 1;

interface CacheEntry {
  readonly key: string;
  readonly result: ColumnLineageResult;
}

interface TraceCache {
  readonly format: number;
  readonly entries: ReadonlyMap<string, CacheEntry>;
}

/**
 * {@link traceModels} with a cache in `target/`: a node whose compiled SQL, ephemeral CTEs and
 * the columns of every relation its SQL could name are unchanged since it was last traced keeps
 * that result (tracing is a pure function of those, ldp's version and DuckDB's). A whole-project
 * run of 1,000 unchanged models then traces nothing. Entries of nodes no longer in `keep` go.
 */
export async function traceWithCache(
  pool: DuckDbPool,
  jobs: readonly TraceJob[],
  relations: Readonly<Record<string, UpstreamRelation>>,
  cachePath: string,
  keep: (uniqueId: string) => boolean,
): Promise<Map<string, ColumnLineageResult>> {
  const cached = readCache(cachePath);
  const keyOf = traceKeys(relations);
  const results = new Map<string, ColumnLineageResult>();
  const keys = new Map<string, string>();
  const misses: TraceJob[] = [];
  for (const job of jobs) {
    const key = keyOf(job);
    keys.set(job.uniqueId, key);
    const entry = cached.get(job.uniqueId);
    if (entry?.key === key) results.set(job.uniqueId, entry.result);
    else misses.push(job);
  }
  const traced = await traceModels(pool, misses, relations);
  const entries = new Map([...cached].filter(([id]) => keep(id)));
  for (const [id, result] of traced) {
    results.set(id, result);
    entries.set(id, { key: keys.get(id)!, result });
  }
  if (traced.size > 0 || entries.size !== cached.size) writeCache(cachePath, entries);
  return results;
}

/**
 * The cache key of a job. DuckDB resolves a table name only if it is written in the SQL, so the
 * relations whose name is one of the SQL's identifier tokens are all the ones that can matter.
 */
function traceKeys(relations: Readonly<Record<string, UpstreamRelation>>): (job: TraceJob) => string {
  const byName = new Map<string, string[]>();
  for (const key of Object.keys(relations).sort()) {
    // Every dotted suffix: a quoted identifier may itself hold a dot.
    const parts = key.split('.');
    for (let i = parts.length - 1; i >= 0; i--) {
      const name = parts.slice(i).join('.');
      byName.set(name, [...(byName.get(name) ?? []), key]);
    }
  }
  const engine = `${CACHE_FORMAT} ${LDP_VERSION} ${duckdbVersion()}`;
  return (job) => {
    const named = [
      ...new Set([...identifierTokens(job.sql)].flatMap((token) => byName.get(token) ?? [])),
    ].sort();
    const upstream = named.map((key) => [key, relations[key]]);
    const ephemerals = Object.entries(job.ephemerals).sort();
    return createHash('sha256')
      .update(JSON.stringify([engine, job.sql, ephemerals, upstream]))
      .digest('hex');
  };
}

/** Lower-case words and quoted identifiers of a SQL text (a superset of the names it uses). */
function identifierTokens(sql: string): Set<string> {
  const tokens = new Set<string>();
  for (const match of sql.matchAll(/"((?:[^"]|"")*)"|[\p{L}_][\p{L}\p{N}_$]*/gu)) {
    tokens.add((match[1] === undefined ? match[0] : match[1].replaceAll('""', '"')).toLowerCase());
  }
  return tokens;
}

function readCache(path: string): ReadonlyMap<string, CacheEntry> {
  try {
    const cache = deserialize(readFileSync(path)) as TraceCache;
    return cache.format === CACHE_FORMAT ? cache.entries : new Map();
  } catch {
    // Missing or unreadable (another ldp version): trace again.
    return new Map();
  }
}

function writeCache(path: string, entries: ReadonlyMap<string, CacheEntry>): void {
  const cache: TraceCache = { format: CACHE_FORMAT, entries };
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize(cache));
  renameSync(temporary, path);
}
