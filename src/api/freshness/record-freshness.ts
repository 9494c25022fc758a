import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { sourcesJson } from '../../artifacts/sources-json.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import type { FreshnessResult } from '../../model/freshness.js';
import type { SourceNode } from '../../model/node.js';
import type { NodeStatus } from '../../model/reporter.js';
import { targetDir } from '../session/artifacts.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import type { ParsedProject } from '../session/parse.js';

/**
 * Records a freshness check in the catalog's run tables (one row per source table, in one
 * transaction, with the times and criteria as details) and ends the run.
 */
export function recordFreshness(
  catalog: SqliteCatalog,
  runId: string,
  sources: ReadonlyMap<string, SourceNode>,
  results: readonly FreshnessResult[],
  finishedAt: Date,
): void {
  catalog.db.transaction(() => {
    for (const result of results) {
      const relation = sources.get(result.uniqueId)?.relation;
      catalog.recordNodeResult(runId, {
        uniqueId: result.uniqueId,
        resourceType: 'source',
        name: result.name,
        status: nodeStatusOf(result),
        startedAt: result.startedAt.toISOString(),
        finishedAt: result.completedAt.toISOString(),
        durationMs: Math.round(result.durationMs),
        ...(result.message !== undefined ? { message: result.message } : {}),
        ...(relation
          ? {
              namespace: relation.database ? `${relation.database}.${relation.schema}` : relation.schema,
              tableName: relation.identifier,
            }
          : {}),
        details: {
          freshness_status: result.status,
          max_loaded_at: result.maxLoadedAt ?? null,
          snapshotted_at: result.snapshottedAt,
          max_loaded_at_time_ago_in_s: result.ageSeconds ?? null,
          criteria: result.criteria,
        },
      });
    }
    const failed = results.some((r) => nodeStatusOf(r) === 'error');
    catalog.recordRunEnd(runId, {
      status: failed ? 'error' : 'success',
      finishedAt: finishedAt.toISOString(),
    });
  })();
}

/** The run tables' status: a stale source and a failed check are both errors. */
export function nodeStatusOf(result: FreshnessResult): NodeStatus {
  return result.status === 'runtime error' ? 'error' : result.status;
}

/**
 * Writes `sources.json` (to a temporary name, then renamed) into the target folder, or to
 * `output` (relative to the project) when given, as dbt's `--output`.
 */
export function writeSourcesJson(
  parsed: ParsedProject,
  results: readonly FreshnessResult[],
  startedAt: Date,
  finishedAt: Date,
  output?: string,
): string {
  const path =
    output === undefined
      ? join(targetDir(parsed), 'sources.json')
      : isAbsolute(output)
        ? output
        : join(parsed.project.root, output);
  const json = sourcesJson(
    results,
    {
      ldpVersion: LDP_VERSION,
      generatedAt: finishedAt.toISOString(),
      invocationId: parsed.invocationId,
      targetName: parsed.project.target.name,
    },
    (finishedAt.getTime() - startedAt.getTime()) / 1000,
  );
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(json, null, 2));
  renameSync(`${path}.tmp`, path);
  return path;
}
