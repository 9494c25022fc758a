import { LdpError } from '../../../errors/index.js';
import type { EvolutionMode } from '../../../iceberg/index.js';
import {
  createTable,
  type IcebergTable,
  openTable,
  type PartitionBy,
  stagedCatalog,
} from '../../../iceberg/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { OnSchemaChange, PartitionField } from '../../../model/node-config.js';
import { type ColumnType, describeQuery } from '../introspect.js';
import { tableIdOf } from '../lakehouse-session.js';
import { checkConstraints } from './check-constraints.js';
import { checkContract } from './check-contract.js';
import { sqlError } from './sql-errors.js';
import type { MaterializeContext } from './step-context.js';

/** Lines ldp puts before the model's SQL when it checks it (`DESCRIBE SELECT * FROM (`). */
const CHECK_LINE_OFFSET = 1;

/** Steps whose rows are written to a table, where a contract's constraints apply. */
const WRITES_ROWS: ReadonlySet<PlannedStep['kind']> = new Set(['table', 'incremental-full', 'incremental']);

/**
 * Binds the step's SQL without running it, so SQL errors point at the compiled file's line
 * before any data is written; returns the query's columns.
 */
export async function checkQuery(ctx: MaterializeContext, step: PlannedStep, sql: string) {
  let columns: Awaited<ReturnType<typeof describeQuery>>;
  try {
    columns = await describeQuery(ctx.conn, sql);
  } catch (error) {
    throw sqlError(error, step.common, CHECK_LINE_OFFSET);
  }
  const contract = step.common.contract;
  if (contract) await checkContract(ctx.conn, step.common, contract, columns);
  // dbt enforces constraints on tables only; a view's contract checks its columns.
  if (contract && WRITES_ROWS.has(step.kind)) await checkConstraints(ctx.conn, step.common, contract, sql);
  return columns;
}

/** Runs a write, turning DuckDB's errors into errors about the step. */
export async function guarded<T>(step: PlannedStep, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw sqlError(error, step.common, 0);
  }
}

/**
 * The step's Iceberg table: loaded when it exists with the configured partitioning, else created
 * (staged until its first commit) from the query's columns (`columns`, when `checkQuery` found
 * them already, else described here). A view of the same name (the model
 * was a view before) is dropped. ldp keeps one partition spec per table, so a full build of a
 * table partitioned differently builds a new table that replaces the old one at its first
 * commit; an incremental run cannot (it would lose the rows it does not rewrite).
 */
export async function tableForStep(
  ctx: MaterializeContext,
  step: PlannedStep,
  sql: string,
  columns?: readonly ColumnType[],
): Promise<{ table: IcebergTable; created: boolean }> {
  const relation = step.common.relation!;
  const id = tableIdOf(relation);
  if (ctx.session.catalog.loadView(id)) {
    ctx.session.catalog.dropView(id);
    await ctx.session.dropView(ctx.conn, relation);
  }
  const partitionBy = partitionsOf(step.common.partitionBy);
  // A table that cannot be read is not opened when --full-refresh asked to replace it.
  const replacing = step.common.replaceUnreadable === true;
  const existing = replacing ? undefined : openTable(ctx.session.catalog, id);
  if (existing && samePartitioning(existing, partitionBy)) return { table: existing, created: false };
  if (existing && step.kind === 'incremental') throw partitioningChanged(step);
  await ctx.session.ensureSchema(ctx.conn, relation);
  // Staged: the table enters the catalog with its first snapshot, so a failed first build leaves
  // no empty table; a re-partitioned table is swapped for the new one in the same commit.
  const catalog = stagedCatalog(ctx.session.catalog, {
    replaceExisting: replacing || existing !== undefined,
  });
  const table = await guarded(step, () =>
    createTable(catalog, id, {
      conn: ctx.conn,
      ...(columns ? { columns } : { sql }),
      partitionBy,
      properties: ctx.tableProperties(step),
    }),
  );
  return { table, created: true };
}

/** dbt's `on_schema_change` as the Iceberg layer's schema mode. */
export function schemaModeOf(onSchemaChange: OnSchemaChange): EvolutionMode {
  switch (onSchemaChange) {
    case 'ignore':
      return 'ignore';
    case 'fail':
      return 'fail';
    case 'append_new_columns':
      return 'add-only';
    case 'sync_all_columns':
      return 'sync';
  }
}

function partitionsOf(fields: readonly PartitionField[]): PartitionBy[] {
  return fields.map((f) => ({ column: f.field, transform: f.transform }));
}

function samePartitioning(table: IcebergTable, wanted: readonly PartitionBy[]): boolean {
  const spec = table.metadata['partition-specs'].find(
    (s) => s['spec-id'] === table.metadata['default-spec-id'],
  );
  const fields = spec?.fields ?? [];
  if (fields.length !== wanted.length) return false;
  const nameOf = (sourceId: number) => table.schema.fields.find((f) => f.id === sourceId)?.name.toLowerCase();
  return fields.every(
    (field, i) =>
      nameOf(field['source-id']) === wanted[i]!.column.toLowerCase() &&
      field.transform === wanted[i]!.transform,
  );
}

function partitioningChanged(step: PlannedStep): LdpError {
  return new LdpError({
    code: 'LDP407',
    message: `the partition_by of ${step.common.resourceType} '${step.common.name}' differs from its table's partitioning`,
    hint: `Rebuild the table once: ldp run --full-refresh -s ${step.common.name}`,
  });
}
