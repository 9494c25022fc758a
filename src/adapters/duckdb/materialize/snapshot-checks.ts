import type { DuckDBConnection } from '@duckdb/node-api';
import { didYouMeanHint, LdpError } from '../../../errors/index.js';
import type { SnapshotSettings } from '../../../model/snapshot-settings.js';
import { unquoteIdentifier } from '../../../sql/index.js';
import type { ColumnType } from '../introspect.js';
import { duplicateKeySql, type SnapshotSqlInput } from './snapshot-sql.js';
import type { StepOf } from './step-context.js';

type SnapshotStep = StepOf<'snapshot'>;

/** A bare or double-quoted name: such config values must be columns; anything else is an expression. */
const NAME = /^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")$/;

/**
 * The columns the snapshot config names exist in its query, and the query has no column of the
 * name of one the snapshot adds; checked before anything runs so the message names the config.
 */
export function checkSnapshotColumns(step: SnapshotStep, columns: readonly ColumnType[]): void {
  const { settings } = step;
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  const named: [string, string][] = settings.uniqueKey.map((key) => ['unique_key', key]);
  const { strategy } = settings;
  if (strategy.updatedAt !== undefined) named.push(['updated_at', strategy.updatedAt]);
  if (strategy.kind === 'check' && strategy.checkCols !== 'all')
    for (const column of strategy.checkCols) named.push(['check_cols', column]);
  for (const [key, text] of named) {
    const bare = text.trim();
    if (!NAME.test(bare) && key !== 'check_cols') continue;
    const name = unquoteIdentifier(bare);
    if (names.has(name.toLowerCase())) continue;
    throw new LdpError({
      code: 'LDP440',
      message: `snapshot '${step.common.name}': ${key} '${text}' is not a column of its query`,
      span: step.definedAt,
      hint:
        didYouMeanHint(
          name,
          columns.map((c) => c.name),
        ) ?? `The query's columns: ${columns.map((c) => c.name).join(', ')}.`,
    });
  }
  checkMetaNames(step, columns);
}

function checkMetaNames(step: SnapshotStep, columns: readonly ColumnType[]): void {
  const added = addedColumnNames(step.settings);
  const clash = columns.find((c) => added.some((name) => name.toLowerCase() === c.name.toLowerCase()));
  if (!clash) return;
  throw new LdpError({
    code: 'LDP441',
    message: `snapshot '${step.common.name}': its query returns a column '${clash.name}', which the snapshot adds itself`,
    span: step.definedAt,
    hint: 'Rename or leave out that column in the query, or name the snapshot columns differently with snapshot_meta_column_names.',
  });
}

/** The columns a snapshot adds to its query's, by their configured names. */
export function addedColumnNames(settings: SnapshotSettings): string[] {
  const meta = settings.metaColumns;
  const names = [meta.scdId, meta.updatedAt, meta.validFrom, meta.validTo];
  return settings.hardDeletes === 'new_record' ? [...names, meta.isDeleted] : names;
}

/** A snapshot tracks one row per key: a key that occurs twice in the query would split its history. */
export async function checkUniqueKey(
  conn: DuckDBConnection,
  step: SnapshotStep,
  input: SnapshotSqlInput,
  staged: string,
): Promise<void> {
  const reader = await conn.runAndReadAll(duplicateKeySql(input, staged));
  const row = reader.getRowObjectsJson()[0];
  if (!row) return;
  const keys = step.settings.uniqueKey;
  const value = keys.map((_, i) => (row[`k${i}`] === null ? 'NULL' : String(row[`k${i}`])));
  throw new LdpError({
    code: 'LDP442',
    message: `snapshot '${step.common.name}': unique_key (${keys.join(', ')}) = (${value.join(', ')}) occurs in ${String(row['n'])} rows of its query`,
    span: step.definedAt,
    hint: 'Keep one row per key in the query (e.g. QUALIFY row_number() OVER (PARTITION BY <key> ORDER BY <updated_at> DESC) = 1), or make unique_key a list of columns that is unique.',
  });
}

/** The table must have the columns the snapshot keeps its history in, by their configured names. */
export function checkSnapshotTable(step: SnapshotStep, tableColumns: readonly string[]): void {
  const have = new Set(tableColumns.map((c) => c.toLowerCase()));
  const meta = step.settings.metaColumns;
  const missing = [meta.scdId, meta.updatedAt, meta.validFrom, meta.validTo].find(
    (name) => !have.has(name.toLowerCase()),
  );
  if (missing === undefined) return;
  throw new LdpError({
    code: 'LDP443',
    message: `snapshot '${step.common.name}': its table has no column '${missing}' to keep its history in`,
    span: step.definedAt,
    hint: `The table was built with other snapshot column names (its columns: ${tableColumns.join(', ')}). Set snapshot_meta_column_names back to them, or give the snapshot another alias to start a new history.`,
  });
}
