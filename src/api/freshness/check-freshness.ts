import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import { maxLoadedAt } from '../../adapters/duckdb/loaded-at.js';
import { LdpError } from '../../errors/index.js';
import type { FreshnessResult } from '../../model/freshness.js';
import { freshnessStatus, isoFromMicros, microsOf } from '../../model/freshness-status.js';
import type { SourceNode } from '../../model/node.js';
import type { FreshnessRule } from '../../model/properties.js';
import type { Reporter } from '../../model/reporter.js';

/** A source table to check, its rule, and the error that kept it from being attached (if any). */
export interface FreshnessCheck {
  readonly source: SourceNode;
  readonly rule: FreshnessRule;
  readonly attachError?: LdpError;
}

export interface CheckOptions {
  readonly session: LakehouseSession;
  readonly threads: number;
  readonly reporter: Reporter;
  readonly clock: () => Date;
}

/**
 * Checks the sources with up to `threads` at once, reporting a START and a result line for each
 * as dbt does (`PASS`, `WARN`, `ERROR STALE`; `ERROR` when the check itself failed). A failed
 * check is a result, never a thrown error.
 */
export async function checkFreshness(
  checks: readonly FreshnessCheck[],
  options: CheckOptions,
): Promise<FreshnessResult[]> {
  const results: FreshnessResult[] = [];
  const total = checks.length;
  let next = 0;
  const worker = async (threadId: string) => {
    while (next < total) {
      const index = next + 1;
      const check = checks[next++]!;
      const label = `freshness of ${nameOf(check.source)}`;
      const uniqueId = check.source.uniqueId;
      options.reporter.report({ kind: 'node-start', index, total, uniqueId, label });
      const { result, error } = await checkOne(check, threadId, options);
      results.push(result);
      reportResult(options.reporter, result, { index, total, label });
      // The failed check's place, what went wrong and a hint, after its result line.
      if (error) options.reporter.report({ kind: 'diagnostic', diagnostic: error });
    }
  };
  const threads = Math.max(1, Math.min(options.threads, total));
  await Promise.all(Array.from({ length: threads }, (_, i) => worker(`Thread-${i + 1}`)));
  return results;
}

async function checkOne(
  check: FreshnessCheck,
  threadId: string,
  options: CheckOptions,
): Promise<{ result: FreshnessResult; error?: LdpError }> {
  const startedAt = options.clock();
  const started = performance.now();
  const common = {
    uniqueId: check.source.uniqueId,
    name: nameOf(check.source),
    criteria: check.rule,
    threadId,
  };
  const timing = () => ({ startedAt, completedAt: options.clock(), durationMs: performance.now() - started });
  try {
    if (check.attachError) throw check.attachError;
    const loadedAt = await options.session.pool.withConnection((conn) => maxLoadedAt(conn, check.source));
    const snapshotted = options.clock();
    const ageSeconds = Number(microsOf(snapshotted) - loadedAt) / 1_000_000;
    const result: FreshnessResult = {
      ...common,
      status: freshnessStatus(ageSeconds, check.rule),
      maxLoadedAt: isoFromMicros(loadedAt),
      snapshottedAt: isoFromMicros(microsOf(snapshotted)),
      ageSeconds,
      ...timing(),
    };
    return { result };
  } catch (error) {
    if (!(error instanceof LdpError)) throw error;
    const result: FreshnessResult = {
      ...common,
      status: 'runtime error',
      snapshottedAt: isoFromMicros(microsOf(options.clock())),
      message: error.message,
      ...timing(),
    };
    return { result, error };
  }
}

function reportResult(
  reporter: Reporter,
  result: FreshnessResult,
  place: { index: number; total: number; label: string },
): void {
  const words = {
    pass: 'PASS',
    warn: 'WARN',
    error: 'ERROR STALE',
    'runtime error': 'ERROR',
  } as const;
  const word = words[result.status];
  reporter.report({
    kind: 'node-end',
    ...place,
    uniqueId: result.uniqueId,
    status: result.status === 'pass' || result.status === 'warn' ? result.status : 'error',
    ...(result.status === 'error' ? { statusText: word } : {}),
    detail: word,
    durationMs: result.durationMs,
  });
}

/** `source_name.table_name`, as dbt names a source in its output. */
export function nameOf(source: SourceNode): string {
  return `${source.sourceName}.${source.name}`;
}
