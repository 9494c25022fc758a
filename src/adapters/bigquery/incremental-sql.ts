import type { Relation } from '../../model/node.js';
import { quoteBigQueryIdentifier } from '../../sql/index.js';
import { type BigQueryPartitionBy, partitionValue, partitionValueType } from './partition-by.js';
import type { RelationName } from './table-ddl.js';

const DEST = 'DBT_INTERNAL_DEST';
const SOURCE = 'DBT_INTERNAL_SOURCE';

/** What every incremental statement needs: where, what, and the columns the new rows have. */
export interface IncrementalWrite {
  readonly relation: Relation;
  /** The model's incremental query. */
  readonly sql: string;
  /** The columns of the query (the table's after on_schema_change), in order. */
  readonly columns: readonly string[];
  readonly name: RelationName;
}

const q = quoteBigQueryIdentifier;

function insertClause(columns: readonly string[]): string {
  const list = columns.map(q).join(', ');
  return `WHEN NOT MATCHED THEN INSERT\n  (${list})\nVALUES\n  (${columns.map((column) => `${SOURCE}.${q(column)}`).join(', ')})`;
}

/** `append`: the new rows added, nothing else touched. */
export function appendSql(write: IncrementalWrite): string {
  const list = write.columns.map(q).join(', ');
  return `INSERT INTO ${write.name(write.relation)} (${list})\nSELECT ${list}\nFROM (\n${write.sql.trim()}\n)`;
}

/**
 * `merge`: rows whose `uniqueKey` matches a row of the table update it (only
 * `updateColumns` when given), the others are inserted. Without a key every row is new, as
 * dbt-bigquery's `on (FALSE)`.
 */
export function mergeSql(
  write: IncrementalWrite,
  options: {
    readonly uniqueKey: readonly string[];
    readonly updateColumns?: readonly string[];
    readonly excludeColumns?: readonly string[];
  },
): string {
  const on =
    options.uniqueKey.length === 0
      ? 'FALSE'
      : options.uniqueKey.map((key) => `${SOURCE}.${q(key)} = ${DEST}.${q(key)}`).join('\n  AND ');
  const exclude = new Set(options.excludeColumns ?? []);
  const update = (options.updateColumns ?? write.columns).filter((column) => !exclude.has(column));
  const matched =
    options.uniqueKey.length === 0 || update.length === 0
      ? ''
      : `WHEN MATCHED THEN UPDATE SET\n  ${update.map((column) => `${q(column)} = ${SOURCE}.${q(column)}`).join(',\n  ')}\n`;
  return `MERGE INTO ${write.name(write.relation)} AS ${DEST}\nUSING (\n${write.sql.trim()}\n) AS ${SOURCE}\nON ${on}\n${matched}${insertClause(write.columns)}`;
}

/**
 * `insert_overwrite` with static `partitions` (SQL literals, as dbt-bigquery's config takes them:
 * `["date('2024-01-01')"]`): those partitions' rows are deleted and the query's inserted, in one
 * MERGE, so readers never see them empty.
 */
export function insertOverwriteStaticSql(
  write: IncrementalWrite,
  partition: BigQueryPartitionBy,
  partitions: readonly string[],
): string {
  const replaced = `${partitionValue(partition, DEST)} IN (${partitions.join(', ')})`;
  return overwriteMerge(write, `USING (\n${write.sql.trim()}\n) AS ${SOURCE}`, replaced);
}

/**
 * `insert_overwrite` without `partitions`: the query's rows go to a temporary table first, the
 * partitions they fall into are replaced by them. One script, as dbt-bigquery runs it.
 */
export function insertOverwriteDynamicSql(write: IncrementalWrite, partition: BigQueryPartitionBy): string {
  const temp = q(`${write.relation.identifier}__ldp_tmp`);
  const variable = 'ldp_partitions_for_replacement';
  return [
    `DECLARE ${variable} ARRAY<${partitionValueType(partition).toUpperCase()}>;`,
    `CREATE TEMP TABLE ${temp} AS (\n${write.sql.trim()}\n);`,
    `SET (${variable}) = (\n  SELECT AS STRUCT ARRAY_AGG(DISTINCT ${partitionValue(partition)} IGNORE NULLS)\n  FROM ${temp}\n);`,
    `${overwriteMerge(write, `USING (\nSELECT * FROM ${temp}\n) AS ${SOURCE}`, `${partitionValue(partition, DEST)} IN UNNEST(${variable})`)};`,
    `DROP TABLE IF EXISTS ${temp};`,
  ].join('\n');
}

function overwriteMerge(write: IncrementalWrite, using: string, replaced: string): string {
  return `MERGE INTO ${write.name(write.relation)} AS ${DEST}\n${using}\nON FALSE\nWHEN NOT MATCHED BY SOURCE AND ${replaced} THEN DELETE\n${insertClause(write.columns)}`;
}
