import type { SnapshotSettings } from '../../../model/snapshot-settings.js';
import { quoteIdentifier as q, quoteLiteral } from '../../../sql/index.js';
import type { ColumnType } from '../introspect.js';

/**
 * dbt's snapshot SQL (`build_snapshot_table`, `snapshot_staging_table` and its merge) as three
 * DuckDB queries. The staged query's rows (`source_data`, with key and `updated_at` computed once
 * per row) meet the table's current versions (`snapshotted_data`) in ONE full outer join, which
 * keeps only the changes: `insert` (new key), `update` (changed row) and `delete` (key gone, with
 * hard deletes). The versions to close and the rows to insert are then read off those changes.
 */
export interface SnapshotSqlInput {
  readonly settings: SnapshotSettings;
  /** The staged query's columns. */
  readonly sourceColumns: readonly ColumnType[];
  /** The table's column names before this run; absent on the first build. */
  readonly tableColumns?: readonly string[];
  /** dbt's `snapshot_get_time()`: the time this run stamps on versions, as a SQL literal. */
  readonly snapshotTime: string;
}

const UPDATED_AT = '__ldp_updated_at';
const CHANGE = '__ldp_change';
const keyColumn = (i: number) => `__ldp_key_${i + 1}`;
const tableKeyColumn = (i: number) => `__ldp_tkey_${i + 1}`;
const checkedColumn = (i: number) => `__ldp_t_check_${i + 1}`;
/** The current version's own columns, under names no query column has. */
const T = {
  present: '__ldp_t',
  scdId: '__ldp_t_scd_id',
  validFrom: '__ldp_t_valid_from',
  isDeleted: '__ldp_t_is_deleted',
} as const;

/** `TIMESTAMP '2024-05-01 10:00:00.000'`: a UTC instant as DuckDB's zone-less timestamp. */
export function timestampLiteral(at: Date): string {
  return `TIMESTAMP ${quoteLiteral(at.toISOString().replace('T', ' ').replace('Z', ''))}`;
}

/** A configured column (matched without regard to case) quoted, or an SQL expression as written. */
export function columnOrExpression(text: string, columns: readonly ColumnType[]): string {
  const column = columns.find((c) => c.name.toLowerCase() === text.trim().toLowerCase());
  return column ? q(column.name) : text;
}

/** The rows of a first build: every row of the query is the current version of its key. */
export function firstBuildSql(input: SnapshotSqlInput, staged: string): string {
  return `WITH ${sourceData(input, staged)}\nSELECT ${newVersionColumns(input)}\nFROM source_data`;
}

/** The changes of this run, one row each, tagged `insert`, `update` or `delete` (see above). */
export function changesSql(input: SnapshotSqlInput, staged: string, current: string): string {
  const { settings } = input;
  const deleted = `coalesce(snapshotted_data.${T.isDeleted} = 'True', false)`;
  const newRecord = settings.hardDeletes === 'new_record';
  // A key recorded as deleted is not deleted again while it stays away, and changes when it returns.
  const vanished =
    settings.hardDeletes === 'ignore'
      ? 'NULL'
      : newRecord
        ? `CASE WHEN ${deleted} THEN NULL ELSE 'delete' END`
        : "'delete'";
  const change = `CASE
  WHEN snapshotted_data.${T.present} IS NULL THEN 'insert'
  WHEN source_data.__ldp_s IS NULL THEN ${vanished}
  WHEN ${rowChanged(input)}${newRecord ? ` OR ${deleted}` : ''} THEN 'update'
END`;
  return `WITH ${sourceData(input, staged)},\n${snapshottedData(input, current)}
SELECT * FROM (
SELECT source_data.*, snapshotted_data.*, ${change} AS ${CHANGE}
FROM source_data FULL OUTER JOIN snapshotted_data ON ${joinOn(input)}
) WHERE ${CHANGE} IS NOT NULL`;
}

/**
 * The versions this run closes, with the time they end: a changed row's version ends at the new
 * version's `updated_at`, a vanished key's at the snapshot time. Keys are kept for pruning.
 */
export function closedVersionsSql(input: SnapshotSqlInput, changes: string): string {
  const keys = input.settings.uniqueKey.map((_, i) => `${tableKeyColumn(i)} AS ${keyColumn(i)}`);
  return `SELECT ${T.scdId} AS scd_id, CASE WHEN ${CHANGE} = 'update' THEN ${UPDATED_AT} ELSE ${input.snapshotTime} END AS valid_to, ${keys.join(', ')}
FROM ${changes} WHERE ${CHANGE} IN ('update', 'delete')`;
}

/**
 * The rows this run inserts: new keys and new versions of changed rows; with
 * `hard_deletes: new_record`, dbt's deletion row (the vanished key's last version again, flagged).
 */
export function insertedRowsSql(input: SnapshotSqlInput, changes: string, current: string): string {
  const versions = `SELECT ${newVersionColumns(input)}\nFROM ${changes} AS source_data WHERE ${CHANGE} IN ('insert', 'update')`;
  if (input.settings.hardDeletes !== 'new_record') return versions;
  return `${versions}\nUNION ALL BY NAME\n${deletionRowsSql(input, changes, current)}`;
}

/** Rows of the table that are current versions: `dbt_valid_to` is NULL (or `dbt_valid_to_current`). */
export function currentVersionPredicate(settings: SnapshotSettings): string {
  const validTo = q(settings.metaColumns.validTo);
  return settings.validToCurrent === undefined
    ? `${validTo} IS NULL`
    : `(${validTo} IS NULL OR ${validTo} = (${settings.validToCurrent}))`;
}

/** One key (cast to text) that occurs in more than one row of the staged query, with its count. */
export function duplicateKeySql(input: SnapshotSqlInput, staged: string): string {
  const keys = keyExpressions(input);
  // Grouped by the keys' own values; only the one repeated key is cast to text.
  const grouped = keys.map((k, i) => `${k} AS k${i}`).join(', ');
  const shown = keys.map((_, i) => `CAST(k${i} AS VARCHAR) AS k${i}`).join(', ');
  return `SELECT ${shown}, n FROM (SELECT ${grouped}, count(*)::BIGINT AS n FROM ${staged}
WHERE (${keys[0]}) IS NOT NULL GROUP BY ALL HAVING count(*) > 1 ORDER BY n DESC LIMIT 1)`;
}

function keyExpressions(input: SnapshotSqlInput): string[] {
  return input.settings.uniqueKey.map((key) => columnOrExpression(key, input.sourceColumns));
}

/** The version's timestamp: `updated_at` (an expression over the row), else the snapshot time. */
function updatedAtExpression(input: SnapshotSqlInput): string {
  const column = input.settings.strategy.updatedAt;
  return column === undefined ? input.snapshotTime : columnOrExpression(column, input.sourceColumns);
}

function sourceData(input: SnapshotSqlInput, staged: string): string {
  const keys = keyExpressions(input).map((k, i) => `${k} AS ${keyColumn(i)}`);
  return `source_data AS (SELECT *, ${keys.join(', ')}, ${updatedAtExpression(input)} AS ${UPDATED_AT}, true AS __ldp_s FROM ${staged})`;
}

/** The current versions, reduced to what the comparison needs. */
function snapshottedData(input: SnapshotSqlInput, current: string): string {
  const meta = input.settings.metaColumns;
  const columns = [
    ...keyExpressions(input).map((k, i) => `${k} AS ${tableKeyColumn(i)}`),
    `true AS ${T.present}`,
    `${q(meta.scdId)} AS ${T.scdId}`,
    `${q(meta.validFrom)} AS ${T.validFrom}`,
    ...(input.settings.hardDeletes === 'new_record' ? [`${q(meta.isDeleted)} AS ${T.isDeleted}`] : []),
    ...(checkedColumns(input) ?? []).map((c, i) => `${q(c)} AS ${checkedColumn(i)}`),
  ];
  return `snapshotted_data AS (SELECT ${columns.join(', ')} FROM ${current})`;
}

function joinOn(input: SnapshotSqlInput): string {
  return input.settings.uniqueKey
    .map((_, i) => `snapshotted_data.${tableKeyColumn(i)} = source_data.${keyColumn(i)}`)
    .join(' AND ');
}

/** The columns of a new version: the query's, then `dbt_scd_id`, `dbt_updated_at`, `dbt_valid_from`, `dbt_valid_to`. */
function newVersionColumns(input: SnapshotSqlInput): string {
  const { settings } = input;
  const meta = settings.metaColumns;
  const updatedAt = `source_data.${UPDATED_AT}`;
  const scdId = md5Of([...settings.uniqueKey.map((_, i) => `source_data.${keyColumn(i)}`), updatedAt]);
  // NULLIF(x, x) is a NULL of x's type, so the column gets updated_at's type (dbt does the same).
  const validTo = `coalesce(nullif(${updatedAt}, ${updatedAt}), ${settings.validToCurrent ?? 'NULL'})`;
  return [
    ...input.sourceColumns.map((c) => `source_data.${q(c.name)}`),
    `${scdId} AS ${q(meta.scdId)}`,
    `${updatedAt} AS ${q(meta.updatedAt)}`,
    `${updatedAt} AS ${q(meta.validFrom)}`,
    `${validTo} AS ${q(meta.validTo)}`,
    ...(settings.hardDeletes === 'new_record' ? [`'False' AS ${q(meta.isDeleted)}`] : []),
  ].join(', ');
}

/** dbt's `dbt_scd_id`: md5 of the arguments cast to text, NULL as '', joined by '|'. */
function md5Of(args: readonly string[]): string {
  return `md5(${args.map((a) => `coalesce(CAST(${a} AS VARCHAR), '')`).join(" || '|' || ")})`;
}

/**
 * The checked columns the table has, for the check strategy (`'all'`: every query column);
 * undefined when one of them is new to the table, which makes every row a change, as in dbt.
 */
function checkedColumns(input: SnapshotSqlInput): string[] | undefined {
  const { strategy } = input.settings;
  if (strategy.kind !== 'check') return [];
  const checked =
    strategy.checkCols === 'all'
      ? input.sourceColumns.map((c) => c.name)
      : strategy.checkCols.map((c) => columnName(c, input.sourceColumns));
  const existing = new Set((input.tableColumns ?? []).map((c) => c.toLowerCase()));
  return checked.every((c) => existing.has(c.toLowerCase())) ? checked : undefined;
}

/**
 * Whether a current version differs from the query's row. Timestamp: the row's `updated_at` is
 * later than the version's start. Check: a checked column differs (NULL-safe).
 */
function rowChanged(input: SnapshotSqlInput): string {
  if (input.settings.strategy.kind === 'timestamp')
    return `(snapshotted_data.${T.validFrom} < source_data.${UPDATED_AT})`;
  const checked = checkedColumns(input);
  if (checked === undefined) return 'true';
  const differs = checked.map(
    (c, i) => `snapshotted_data.${checkedColumn(i)} IS DISTINCT FROM source_data.${q(c)}`,
  );
  return differs.length === 0 ? 'false' : `(${differs.join(' OR ')})`;
}

function columnName(text: string, columns: readonly ColumnType[]): string {
  return columns.find((c) => c.name.toLowerCase() === text.trim().toLowerCase())?.name ?? text;
}

/** dbt's `deletion_records`: the vanished key's last version again, from the snapshot time on. */
function deletionRowsSql(input: SnapshotSqlInput, changes: string, current: string): string {
  const meta = input.settings.metaColumns;
  const inTable = new Set((input.tableColumns ?? []).map((c) => c.toLowerCase()));
  const carried = input.sourceColumns
    .filter((c) => inTable.has(c.name.toLowerCase()))
    .map((c) => `c.${q(c.name)}`);
  const time = input.snapshotTime;
  return `SELECT ${[
    ...carried,
    `${time} AS ${q(meta.validFrom)}`,
    `${time} AS ${q(meta.updatedAt)}`,
    `c.${q(meta.validTo)} AS ${q(meta.validTo)}`,
    `${md5Of([`c.${q(meta.scdId)}`, time])} AS ${q(meta.scdId)}`,
    `'True' AS ${q(meta.isDeleted)}`,
  ].join(', ')}
FROM ${current} AS c JOIN ${changes} AS x ON c.${q(meta.scdId)} = x.${T.scdId}
WHERE x.${CHANGE} = 'delete'`;
}
