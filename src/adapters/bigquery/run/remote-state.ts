import type { TableField } from '@google-cloud/bigquery';
import type { Relation } from '../../../model/node.js';
import {
  relationKeyOf,
  type WarehouseRelation,
  type WarehouseState,
} from '../../../model/warehouse-state.js';
import { faultOf, jobFailed } from '../bigquery-errors.js';
import type { BigQueryConnection } from '../client.js';

const LEGACY: Readonly<Record<string, string>> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
};

/** A REST schema field's type in GoogleSQL (`INTEGER` → `INT64`, a RECORD → `STRUCT<…>`). */
export function googleSqlType(field: TableField): string {
  const base = String(field.type ?? 'STRING').toUpperCase();
  const type =
    base === 'RECORD' || base === 'STRUCT'
      ? `STRUCT<${(field.fields ?? []).map((f) => `${f.name} ${googleSqlType(f)}`).join(', ')}>`
      : (LEGACY[base] ?? base);
  return field.mode === 'REPEATED' ? `ARRAY<${type}>` : type;
}

/**
 * What BigQuery holds of the relations a run writes, one `tables.get` each (free, no job): the
 * planner decides a first build or an incremental one from this, not from the local catalog.
 * Keys are the planner's (`project.dataset.table`), so the plan is made as for a local run.
 */
export async function readBigQueryState(
  connection: BigQueryConnection,
  relations: readonly Relation[],
): Promise<WarehouseState> {
  const found = new Map<string, WarehouseRelation>();
  // Keyed as the planner looks relations up (a relation without a database keeps none).
  const unique = new Map(relations.map((r) => [relationKeyOf(r), r]));
  await Promise.all(
    [...unique].map(async ([key, relation]) => {
      const stored = await tableMetadata(connection, withProject(relation, connection));
      if (stored) found.set(key, stored);
    }),
  );
  return { relations: found };
}

function withProject(relation: Relation, connection: BigQueryConnection): Relation {
  return relation.database ? relation : { ...relation, database: connection.options.project };
}

/** One relation as BigQuery holds it now (`tables.get`, free), or undefined when it does not exist. */
export async function readRemoteRelation(
  connection: BigQueryConnection,
  relation: Relation,
): Promise<WarehouseRelation | undefined> {
  return tableMetadata(connection, withProject(relation, connection));
}

async function tableMetadata(
  connection: BigQueryConnection,
  relation: Relation,
): Promise<WarehouseRelation | undefined> {
  const table = connection.client
    .dataset(relation.schema, { projectId: relation.database! })
    .table(relation.identifier);
  try {
    const [metadata] = await table.getMetadata();
    const fields = (metadata.schema?.fields ?? []) as TableField[];
    return {
      kind: metadata.type === 'VIEW' || metadata.type === 'MATERIALIZED_VIEW' ? 'view' : 'table',
      namespace: `${relation.database}.${relation.schema}`,
      name: relation.identifier,
      columns: fields.map((f) => ({ name: String(f.name), type: googleSqlType(f) })),
    };
  } catch (error) {
    const fault = faultOf(error);
    if (fault.status === 404 || fault.reason === 'notFound') return undefined;
    throw jobFailed(fault, undefined, connection.redact);
  }
}

/** The columns of a dry run's schema, in GoogleSQL types. */
export function columnsOf(schema: readonly TableField[]): { name: string; type: string }[] {
  return schema.map((f) => ({ name: String(f.name), type: googleSqlType(f) }));
}
