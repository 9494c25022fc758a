import { LdpError } from '../../errors/index.js';
import type { Relation } from '../../model/node.js';
import type { SnapshotSettings } from '../../model/snapshot-settings.js';
import { quoteBigQueryIdentifier as q } from '../../sql/index.js';
import { createTableAsSql, type RelationName } from './table-ddl.js';

/**
 * dbt's snapshot (SCD type 2) on BigQuery: the first build creates the table from the query;
 * later runs are one MERGE whose source holds this run's changes twice over: new versions to
 * insert (new keys, changed rows) and current versions to close (changed rows, and vanished keys
 * with `hard_deletes: invalidate`), matched on `dbt_scd_id`.
 */
export interface BigQuerySnapshotInput {
  readonly relation: Relation;
  /** The snapshot's query, compiled. */
  readonly sql: string;
  readonly settings: SnapshotSettings;
  /** The query's column names (from a dry run), in order. */
  readonly columns: readonly string[];
  /** The time this run stamps on versions, as a GoogleSQL expression (`current_timestamp()`). */
  readonly snapshotTime: string;
  readonly name: RelationName;
}

const key = (i: number) => `ldp_key_${i + 1}`;
const checked = (i: number) => `ldp_check_${i + 1}`;

function refuseNewRecord(settings: SnapshotSettings): void {
  if (settings.hardDeletes === 'new_record')
    throw new LdpError({
      code: 'LDP484',
      message: 'hard_deletes: new_record is not available on BigQuery targets yet',
      hint: 'Use hard_deletes: invalidate (closes the last version of a vanished key) or ignore.',
    });
}

/** The version's timestamp: `updated_at` when configured, else the snapshot time. */
function updatedAt(input: BigQuerySnapshotInput): string {
  return input.settings.strategy.updatedAt ?? input.snapshotTime;
}

function scdId(input: BigQuerySnapshotInput): string {
  const parts = [...input.settings.uniqueKey, updatedAt(input)].map(
    (part) => `coalesce(cast(${part} as string), '')`,
  );
  return `to_hex(md5(concat(${parts.join(", '|', ")})))`;
}

/** Current versions: `dbt_valid_to` is null (or `dbt_valid_to_current`). */
function currentPredicate(settings: SnapshotSettings, alias = ''): string {
  const validTo = `${alias}${q(settings.metaColumns.validTo)}`;
  return settings.validToCurrent === undefined
    ? `${validTo} is null`
    : `(${validTo} is null or ${validTo} = (${settings.validToCurrent}))`;
}

/** The first build: every row of the query is its key's current version. */
export function snapshotFirstBuildSql(input: BigQuerySnapshotInput): string {
  refuseNewRecord(input.settings);
  const meta = input.settings.metaColumns;
  const stamp = updatedAt(input);
  const validTo = `coalesce(nullif(${stamp}, ${stamp}), ${input.settings.validToCurrent ?? 'null'})`;
  const sql = `select\n  *,\n  ${scdId(input)} as ${q(meta.scdId)},\n  ${stamp} as ${q(meta.updatedAt)},\n  ${stamp} as ${q(meta.validFrom)},\n  ${validTo} as ${q(meta.validTo)}\nfrom (\n${input.sql.trim()}\n)`;
  return createTableAsSql(input.relation, sql, { clusterBy: [], labels: {} }, input.name);
}

/** A later run: one MERGE (see above). */
export function snapshotMergeSql(input: BigQuerySnapshotInput): string {
  refuseNewRecord(input.settings);
  const { settings } = input;
  const meta = settings.metaColumns;
  const keys = settings.uniqueKey;
  const checkCols =
    settings.strategy.kind === 'check'
      ? settings.strategy.checkCols === 'all'
        ? input.columns
        : settings.strategy.checkCols
      : [];
  const changed =
    settings.strategy.kind === 'timestamp'
      ? 'snapshotted_data.ldp_valid_from < source_data.ldp_updated_at'
      : checkCols
          .map((column, i) => `snapshotted_data.${checked(i)} is distinct from source_data.${q(column)}`)
          .join(' or ') || 'false';
  const vanished = settings.hardDeletes === 'invalidate' ? "'delete'" : 'null';
  const join = keys.map((_, i) => `source_data.${key(i)} = snapshotted_data.${key(i)}`).join(' and ');
  const staging = `with source_data as (
  select *, ${keys.map((k, i) => `${k} as ${key(i)}`).join(', ')}, ${updatedAt(input)} as ldp_updated_at, ${scdId(input)} as ldp_scd_id
  from (
${input.sql.trim()}
  )
),
snapshotted_data as (
  select ${keys.map((k, i) => `${k} as ${key(i)}`).join(', ')}, ${q(meta.scdId)} as ldp_current_scd_id, ${q(meta.validFrom)} as ldp_valid_from${checkCols.map((c, i) => `, ${q(c)} as ${checked(i)}`).join('')}
  from ${input.name(input.relation)}
  where ${currentPredicate(settings)}
),
changes as (
  select source_data.*, snapshotted_data.ldp_current_scd_id,
    case
      when snapshotted_data.ldp_current_scd_id is null then 'insert'
      when source_data.ldp_scd_id is null then ${vanished}
      when ${changed} then 'update'
    end as ldp_change
  from source_data full outer join snapshotted_data on ${join}
)
select *, ldp_scd_id as ldp_merge_id, 'insert' as ldp_action, ldp_updated_at as ldp_valid_to from changes where ldp_change in ('insert', 'update')
union all
select *, ldp_current_scd_id as ldp_merge_id, 'close' as ldp_action, if(ldp_change = 'update', ldp_updated_at, ${input.snapshotTime}) as ldp_valid_to from changes where ldp_change in ('update', 'delete')`;
  const columns = [
    ...input.columns.map(q),
    q(meta.scdId),
    q(meta.updatedAt),
    q(meta.validFrom),
    q(meta.validTo),
  ];
  const values = [
    ...input.columns.map((c) => `DBT_INTERNAL_SOURCE.${q(c)}`),
    'DBT_INTERNAL_SOURCE.ldp_scd_id',
    'DBT_INTERNAL_SOURCE.ldp_updated_at',
    'DBT_INTERNAL_SOURCE.ldp_updated_at',
    settings.validToCurrent ?? 'null',
  ];
  return `MERGE INTO ${input.name(input.relation)} AS DBT_INTERNAL_DEST
USING (
${staging}
) AS DBT_INTERNAL_SOURCE
ON DBT_INTERNAL_SOURCE.ldp_merge_id = DBT_INTERNAL_DEST.${q(meta.scdId)}
WHEN MATCHED AND DBT_INTERNAL_SOURCE.ldp_action = 'close' AND ${currentPredicate(settings, 'DBT_INTERNAL_DEST.')} THEN UPDATE SET
  ${q(meta.validTo)} = DBT_INTERNAL_SOURCE.ldp_valid_to
WHEN NOT MATCHED AND DBT_INTERNAL_SOURCE.ldp_action = 'insert' THEN INSERT
  (${columns.join(', ')})
VALUES
  (${values.join(', ')})`;
}
