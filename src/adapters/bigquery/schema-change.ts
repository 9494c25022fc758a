import type { Relation } from '../../model/node.js';
import type { OnSchemaChange } from '../../model/node-config.js';
import { quoteBigQueryIdentifier } from '../../sql/index.js';
import type { RelationName } from './table-ddl.js';

export interface BigQueryColumn {
  readonly name: string;
  /** GoogleSQL type, as the table's schema or a dry run of the query gives it (`INT64`, `STRUCT<a INT64>`). */
  readonly type: string;
}

/** What an incremental run does about columns the query and the table do not share. */
export type SchemaChangePlan =
  | {
      readonly kind: 'apply';
      /** ALTER TABLE statements to run before the write (none when nothing changes). */
      readonly statements: readonly string[];
      /** The columns the write names. */
      readonly columns: readonly string[];
    }
  | {
      readonly kind: 'fail';
      readonly added: readonly string[];
      readonly removed: readonly string[];
      readonly retyped: readonly string[];
    };

/**
 * dbt's `on_schema_change` on BigQuery. Columns match by name without regard to case, as
 * BigQuery's do. `ignore` writes the columns both have; `fail` reports any difference;
 * `append_new_columns` adds the query's new columns; `sync_all_columns` also drops the table's
 * columns the query lost and changes types the query changed (BigQuery allows only widening
 * ones, and refuses the others with its own message).
 */
export function planSchemaChange(
  mode: OnSchemaChange,
  relation: Relation,
  table: readonly BigQueryColumn[],
  query: readonly BigQueryColumn[],
  name: RelationName,
): SchemaChangePlan {
  const key = (column: BigQueryColumn) => column.name.toLowerCase();
  const inTable = new Map(table.map((column) => [key(column), column]));
  const inQuery = new Map(query.map((column) => [key(column), column]));
  const added = query.filter((column) => !inTable.has(key(column)));
  const removed = table.filter((column) => !inQuery.has(key(column)));
  const retyped = query.filter((column) => {
    const old = inTable.get(key(column));
    return old !== undefined && normalType(old.type) !== normalType(column.type);
  });
  const shared = table.filter((column) => inQuery.has(key(column))).map((column) => column.name);
  const target = name(relation);
  const q = quoteBigQueryIdentifier;
  switch (mode) {
    case 'ignore':
      return { kind: 'apply', statements: [], columns: shared };
    case 'fail':
      return added.length + removed.length + retyped.length === 0
        ? { kind: 'apply', statements: [], columns: shared }
        : {
            kind: 'fail',
            added: added.map((c) => c.name),
            removed: removed.map((c) => c.name),
            retyped: retyped.map((c) => c.name),
          };
    case 'append_new_columns':
      return {
        kind: 'apply',
        statements: added.length === 0 ? [] : [addColumns(target, added)],
        columns: [...shared, ...added.map((column) => column.name)],
      };
    case 'sync_all_columns': {
      const statements = [
        ...(added.length === 0 ? [] : [addColumns(target, added)]),
        ...(removed.length === 0
          ? []
          : [`ALTER TABLE ${target}\n  ${removed.map((c) => `DROP COLUMN ${q(c.name)}`).join(',\n  ')}`]),
        ...retyped.map(
          (c) => `ALTER TABLE ${target} ALTER COLUMN ${q(inTable.get(key(c))!.name)} SET DATA TYPE ${c.type}`,
        ),
      ];
      return {
        kind: 'apply',
        statements,
        columns: query.map((column) => inTable.get(key(column))?.name ?? column.name),
      };
    }
  }
}

function addColumns(target: string, columns: readonly BigQueryColumn[]): string {
  return `ALTER TABLE ${target}\n  ${columns.map((c) => `ADD COLUMN ${quoteBigQueryIdentifier(c.name)} ${c.type}`).join(',\n  ')}`;
}

/** Types compare without case and the spaces BigQuery's own spelling puts in. */
function normalType(type: string): string {
  return type.replace(/\s+/g, '').toUpperCase();
}
