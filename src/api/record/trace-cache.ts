import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { DuckDbPool } from '../../adapters/duckdb/index.js';
import type { ColumnLineageResult, UpstreamRelation } from '../../lineage/index.js';
import { version as duckdbVersion } from '../../util/duckdb-node-api.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import { type TraceJob, traceModels } from './trace-models.js';

const CACHE_FORMAT = 2;

/** One node's entry: a file of its own, so a run reads and writes only the nodes it traces. */
interface CacheEntry {
  readonly format: number;
  readonly uniqueId: string;
  readonly key: string;
  readonly result: ColumnLineageResult;
}

/**
 * {@link traceModels} with a cache in `target/`: a node whose compiled SQL, ephemeral CTEs and
 * the columns of every relation its SQL could name are unchanged since it was last traced keeps
 * that result (tracing is a pure function of those, ldp's version and DuckDB's). A whole-project
 * run of 1,000 unchanged models then traces nothing. Each node's entry is a file of its own in
 * `cacheDir`, so a run of one model reads one entry whatever the project's size. With `keep`
 * (the ids of every node that can be traced: a whole-project run), entries of other nodes go.
 */
export async function traceWithCache(
  pool: DuckDbPool,
  jobs: readonly TraceJob[],
  relations: Readonly<Record<string, UpstreamRelation>>,
  cacheDir: string,
  keep?: Iterable<string>,
): Promise<Map<string, ColumnLineageResult>> {
  const keyOf = traceKeys(relations);
  const results = new Map<string, ColumnLineageResult>();
  const keys = new Map<string, string>();
  const misses: TraceJob[] = [];
  for (const job of jobs) {
    const key = keyOf(job);
    keys.set(job.uniqueId, key);
    const entry = readEntry(cacheDir, job.uniqueId);
    if (entry?.key === key) results.set(job.uniqueId, entry.result);
    else misses.push(job);
  }
  const traced = await traceModels(pool, misses, relations);
  if (traced.size > 0) mkdirSync(cacheDir, { recursive: true });
  for (const [id, result] of traced) {
    results.set(id, result);
    writeEntry(cacheDir, { format: CACHE_FORMAT, uniqueId: id, key: keys.get(id)!, result });
  }
  if (keep) pruneEntries(cacheDir, keep);
  return results;
}

function entryFile(cacheDir: string, uniqueId: string): string {
  // Unique ids may hold any character a model name can: the file is named by a hash of it.
  return join(cacheDir, `${createHash('sha256').update(uniqueId).digest('hex').slice(0, 40)}.ldp`);
}

function readEntry(cacheDir: string, uniqueId: string): CacheEntry | undefined {
  try {
    const entry = deserialize(readFileSync(entryFile(cacheDir, uniqueId))) as CacheEntry;
    return entry.format === CACHE_FORMAT && entry.uniqueId === uniqueId ? entry : undefined;
  } catch {
    // Missing or unreadable (another ldp version): trace again.
    return undefined;
  }
}

/** Written aside and renamed into place: a reader never sees half an entry. */
function writeEntry(cacheDir: string, entry: CacheEntry): void {
  const path = entryFile(cacheDir, entry.uniqueId);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize(entry));
  renameSync(temporary, path);
}

/** Removes the entries of nodes not in `keep` (and temporary files a killed run left). */
function pruneEntries(cacheDir: string, keep: Iterable<string>): void {
  let files: string[];
  try {
    files = readdirSync(cacheDir);
  } catch {
    return;
  }
  const kept = new Set([...keep].map((id) => basename(entryFile(cacheDir, id))));
  for (const file of files) if (!kept.has(file)) rmSync(join(cacheDir, file), { force: true });
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
export function identifierTokens(sql: string): Set<string> {
  const tokens = new Set<string>();
  for (const match of sql.matchAll(/"((?:[^"]|"")*)"|[\p{L}_][\p{L}\p{N}_$]*/gu)) {
    tokens.add((match[1] === undefined ? match[0] : match[1].replaceAll('""', '"')).toLowerCase());
  }
  return tokens;
}
