import type { BigQueryConnection } from '../../adapters/bigquery/client.js';
import type { BigQueryJobRunner } from '../../adapters/bigquery/job-runner.js';
import type { BigQuerySourceSpec } from '../../adapters/bigquery/source-spec.js';
import { LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';

export interface ReadersByTarget {
  for(spec: BigQuerySourceSpec): { connection: BigQueryConnection; runner: BigQueryJobRunner };
}

/**
 * One BigQuery connection per profile output the sources read with (`meta.bigquery.target`,
 * else `--from-target`). The local target stays the command's target; the BigQuery output only
 * supplies credentials, project, location and job settings. The client is loaded on demand.
 */
export async function bigQueryReaders(
  options: ProjectOptions & { fromTarget?: string },
  specs: readonly BigQuerySourceSpec[],
  sources: readonly SourceNode[],
): Promise<ReadersByTarget> {
  const { openBigQuery } = await import('../../adapters/bigquery/client.js');
  const { bigQueryConnectionOptions } = await import('../../adapters/bigquery/connection-options.js');
  const { BigQueryJobRunner } = await import('../../adapters/bigquery/job-runner.js');
  const byName = new Map<string, { connection: BigQueryConnection; runner: BigQueryJobRunner }>();
  for (const [i, spec] of specs.entries()) {
    const name = spec.target ?? options.fromTarget;
    if (!name) throw noTarget(sources[i]!);
    if (byName.has(name)) continue;
    const { target } = await loadProjectOnly({ ...options, target: name });
    if (target.type !== 'bigquery') throw notBigQuery(name, target.type);
    const connection = openBigQuery(bigQueryConnectionOptions(target));
    byName.set(name, { connection, runner: new BigQueryJobRunner(connection) });
  }
  return { for: (spec) => byName.get((spec.target ?? options.fromTarget)!)! };
}

function noTarget(source: SourceNode): LdpError {
  return new LdpError({
    code: 'LDP493',
    message: `source ${source.sourceName}.${source.name} lives in BigQuery but no BigQuery target is named to read it with`,
    span: source.span,
    hint: 'Pass --from-target <output> (a type: bigquery output of your profile), or set meta.bigquery.target on the source.',
  });
}

function notBigQuery(name: string, type: string): LdpError {
  return new LdpError({
    code: 'LDP493',
    message: `target '${name}' is of type ${type}; BigQuery sources are read with a type: bigquery output`,
    hint: 'Name a BigQuery output of your profile in --from-target or meta.bigquery.target.',
  });
}
