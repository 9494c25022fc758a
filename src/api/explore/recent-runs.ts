import { LATEST_VERSION, type NodeResultRecord, type RunRecord } from '../../catalog/index.js';
import type { NodeStatus } from '../../model/reporter.js';
import { MetadataErrors } from '../errors/metadata-errors.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';
import { ExploreErrors } from './explore-errors.js';

export interface RecentRunsOptions extends ProjectOptions {
  /** Runs to return, newest first (default 10). */
  readonly limit?: number;
}

/** A node that did not succeed in a run: an error, a failed or warning test, a skipped node. */
export interface RunProblem {
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: string;
  readonly status: NodeStatus;
  readonly message?: string;
  /** Failing rows of a data test. */
  readonly failures?: number;
}

export interface RunSummary extends RunRecord {
  /** How many nodes ended in each status. */
  readonly counts: Readonly<Partial<Record<NodeStatus, number>>>;
  readonly problems: readonly RunProblem[];
}

const PROBLEMS: readonly NodeStatus[] = ['error', 'fail', 'warn', 'skipped'];

/**
 * The latest runs the catalog's `ldp_runs` recorded (any command), newest first, each with
 * its node counts by status and the nodes that did not succeed. Read-only, no lock.
 */
export async function recentRuns(options: RecentRunsOptions): Promise<RunSummary[]> {
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1)
    throw ExploreErrors.invalidOption(`the limit must be a whole number ≥ 1, got ${limit}`, 'Use e.g. 5.');
  const project = await loadProjectOnly(options);
  const catalog = openCatalogIfBuilt(project.target);
  if (!catalog) throw MetadataErrors.noWarehouse(project.target.catalogPath);
  try {
    // A catalog another tool wrote has no run records.
    if (catalog.schemaVersion !== LATEST_VERSION) return [];
    return catalog.listRuns(limit).map((run) => summarize(run, catalog.runResults(run.runId)));
  } finally {
    catalog.close();
  }
}

function summarize(run: RunRecord, results: readonly NodeResultRecord[]): RunSummary {
  const counts: Partial<Record<NodeStatus, number>> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  return {
    ...run,
    counts,
    problems: results.filter((r) => PROBLEMS.includes(r.status)).map(problemOf),
  };
}

function problemOf(result: NodeResultRecord): RunProblem {
  return {
    uniqueId: result.uniqueId,
    name: result.name,
    resourceType: result.resourceType,
    status: result.status,
    ...(result.message === undefined ? {} : { message: result.message }),
    ...(result.failures === undefined ? {} : { failures: result.failures }),
  };
}
