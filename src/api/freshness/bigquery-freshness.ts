import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { FreshnessResult, FreshnessStep } from '../../model/freshness.js';
import type { SourceNode } from '../../model/node.js';
import type { Reporter } from '../../model/reporter.js';
import type { ParsedProject } from '../session/parse.js';
import { checkFreshness } from './check-freshness.js';

/**
 * Source freshness on a `type: bigquery` target: each source's `max(loaded_at_field)` (or its
 * `loaded_at_query`) is one BigQuery query job, as dbt-bigquery runs it; a source with a rule
 * but neither is measured by its table's last modification time (`tables.get`, free). Checks run
 * on the same scheduler as local ones, up to `threads` jobs at once. The client is loaded only
 * here, so local commands never load it.
 */
export async function checkFreshnessOnBigQuery(
  parsed: ParsedProject,
  plan: ExecutionPlan<FreshnessStep>,
  options: { readonly threads: number; readonly reporter: Reporter; readonly clock: () => Date },
): Promise<FreshnessResult[]> {
  const { openBigQuery } = await import('../../adapters/bigquery/client.js');
  const { bigQueryConnectionOptions } = await import('../../adapters/bigquery/connection-options.js');
  const { BigQueryJobRunner } = await import('../../adapters/bigquery/job-runner.js');
  const { measureLoadByMetadata, measureLoadByQuery } = await import('../../adapters/bigquery/freshness.js');
  const connection = openBigQuery(bigQueryConnectionOptions(parsed.project.target));
  const runner = new BigQueryJobRunner(connection);
  const measure = (source: SourceNode) =>
    source.loadedAtField !== undefined || source.loadedAtQuery !== undefined
      ? measureLoadByQuery(runner, source, connection.options.project)
      : measureLoadByMetadata(connection, source, options.clock());
  return checkFreshness(plan, { ...options, measure, attachErrors: new Map() });
}
