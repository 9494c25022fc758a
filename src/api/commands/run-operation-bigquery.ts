import { dialectOf } from '../../sql/index.js';
import { renderWithWarehouse, WAREHOUSE_PORT } from '../../template/index.js';
import { operationRelations } from '../operation/operation-context.js';
import type { ParsedProject } from '../session/parse.js';
import type { RunOperationResult } from './run-operation.js';

/**
 * `ldp run-operation` on a BigQuery target: the macro renders with `execute` true and each of
 * its statements runs as a query job in the target's project. Whether a relation is a table
 * (`adapter.get_relation`) comes from BigQuery's `tables.get` of the project's relations.
 */
export async function runOperationOnBigQuery(
  parsed: ParsedProject,
  { name: macro, packageName }: { name: string; packageName?: string },
  args: Readonly<Record<string, unknown>>,
): Promise<RunOperationResult> {
  const { openBigQuery } = await import('../../adapters/bigquery/client.js');
  const { bigQueryConnectionOptions } = await import('../../adapters/bigquery/connection-options.js');
  const { BigQueryJobRunner } = await import('../../adapters/bigquery/job-runner.js');
  const { readBigQueryState } = await import('../../adapters/bigquery/run/remote-state.js');
  const { bigQueryStatementRunner } = await import('../../adapters/bigquery/run/statement-runner.js');
  const connection = openBigQuery(bigQueryConnectionOptions(parsed.project.target));
  const relations = [...parsed.manifest.nodes.values()].flatMap((node) =>
    'relation' in node && node.resourceType !== 'source' ? [node.relation] : [],
  );
  const state = await readBigQueryState(connection, relations);
  const tables = new Set(
    [...state.relations.values()]
      .filter((r) => r.kind === 'table')
      .map((r) => `${r.namespace.split('.').pop()}.${r.name}`.toLowerCase()),
  );
  const runner = bigQueryStatementRunner(new BigQueryJobRunner(connection), (schema, name) =>
    tables.has(`${schema}.${name}`.toLowerCase()),
  );
  const context = operationRelations(
    parsed.manifest,
    dialectOf(parsed.project.target),
    parsed.project.target.database,
  );
  const returned = await renderWithWarehouse(
    (port) =>
      parsed.templates.engine.callMacro(
        macro,
        [{ ...args, __keywords: true }],
        { ...parsed.templates.base, ...context, execute: true, [WAREHOUSE_PORT]: port },
        packageName,
      ),
    runner,
  );
  return { macro, returned };
}
