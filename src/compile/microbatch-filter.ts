import type { GraphNode } from '../model/node.js';
import { quoteIdentifier } from '../sql/index.js';
import type { CompileScope } from './compile-scope.js';
import type { RelationValue } from './relation-value.js';

/**
 * DuckDB variables a microbatch model's query reads its batch window from: the executor sets
 * them before each batch, so one compiled query serves every batch and stays valid SQL.
 */
export const BATCH_START_VARIABLE = 'ldp_batch_start';
export const BATCH_END_VARIABLE = 'ldp_batch_end';

/** Whether `node` is a model built by dbt's `microbatch` incremental strategy. */
export function isMicrobatch(node: GraphNode): boolean {
  return (
    node.resourceType === 'model' &&
    node.config.materialized === 'incremental' &&
    node.config.incremental_strategy === 'microbatch'
  );
}

/**
 * What a microbatch model reads of an upstream: an upstream with an `event_time` is narrowed to
 * the batch's [start, end) window, as dbt does; one without is read whole. As in dbt,
 * `ref('x').render()` is the upstream's plain name: the documented way to read it unfiltered.
 */
export function batchFiltered(upstream: GraphNode, value: RelationValue, scope: CompileScope): RelationValue {
  const eventTime = eventTimeOf(upstream);
  if (eventTime === undefined) return value;
  const column = quoteIdentifier(eventTime);
  const sql =
    `(select * from ${value.render()} where ${column} >= getvariable('${BATCH_START_VARIABLE}')` +
    ` and ${column} < getvariable('${BATCH_END_VARIABLE}'))`;
  return scope.relationValue(
    {
      ...(value.database && value.database !== value.impliedDatabase ? { database: value.database } : {}),
      schema: value.schema,
      identifier: value.identifier,
    },
    sql,
    value.render(),
  );
}

function eventTimeOf(node: GraphNode): string | undefined {
  if (!('config' in node)) return undefined;
  const value = (node.config as { event_time?: unknown }).event_time;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
