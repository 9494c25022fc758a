import { checkConnection } from '../../adapters/bigquery/check-connection.js';
import { openBigQuery } from '../../adapters/bigquery/client.js';
import { bigQueryConnectionOptions } from '../../adapters/bigquery/connection-options.js';
import type { ResolvedTarget } from '../../model/project.js';

/**
 * `ldp debug` on a BigQuery target: the connection settings (never a credential), then a live
 * check of credentials, job permission, dataset and location. Throws the first problem.
 */
export async function checkBigQueryTarget(target: ResolvedTarget): Promise<Record<string, string>> {
  const options = bigQueryConnectionOptions(target);
  const facts = await checkConnection(openBigQuery(options));
  return {
    method: options.method,
    ...(facts.principal ? { 'service account': facts.principal } : {}),
    project: options.project,
    'execution project': options.executionProject,
    dataset: `${options.dataset} (location ${facts.datasetLocation})`,
    ...(options.apiEndpoint ? { 'api endpoint': options.apiEndpoint } : {}),
  };
}
