import type { DuckDBConnection } from '@duckdb/node-api';
import {
  duckTypeOf,
  type IcebergTable,
  openTable,
  type Predicate,
  type WriteOptions,
  type WriteResult,
} from '../../../iceberg/index.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { quoteIdentifier as q, unquoteIdentifier } from '../../../sql/index.js';
import type { ColumnType } from '../introspect.js';
import { tableIdOf } from '../lakehouse-session.js';
import { committed } from './outcome.js';
import { checkSnapshotColumns, checkSnapshotTable, checkUniqueKey } from './snapshot-checks.js';
import {
  changesSql,
  closedVersionsSql,
  columnOrExpression,
  currentVersionPredicate,
  firstBuildSql,
  insertedRowsSql,
  type SnapshotSqlInput,
  timestampLiteral,
} from './snapshot-sql.js';
import { sqlError } from './sql-errors.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { TempTables } from './temp-tables.js';
import { checkQuery, guarded, tableForStep } from './write-table.js';

type SnapshotStep = StepOf<'snapshot'>;

/** Lines ldp puts before the snapshot's SQL when it stages it (`CREATE TEMP TABLE … AS SELECT * FROM (`). */
const STAGE_LINE_OFFSET = 1;

/**
 * `ldp snapshot`: an SCD type-2 history of the query's rows, as dbt builds it. The query runs
 * once into a temporary table; the first run makes every row current; later runs close the
 * versions that changed (or vanished, with hard deletes) and insert the new ones, in one Iceberg
 * snapshot that rewrites only the data files holding closed versions.
 */
export async function materializeSnapshot(step: SnapshotStep, ctx: MaterializeContext): Promise<StepOutcome> {
  const sourceColumns = await checkQuery(ctx, step, step.sql);
  checkSnapshotColumns(step, sourceColumns);
  const temps = new TempTables(ctx.conn);
  try {
    // Versions are stamped in UTC, whatever zone the connection had.
    await ctx.conn.run("SET TimeZone = 'UTC'");
    const staged = await stageQuery(step, temps);
    const input: SnapshotSqlInput = {
      settings: step.settings,
      sourceColumns,
      snapshotTime: timestampLiteral(ctx.runStartedAt),
    };
    await guarded(step, () => checkUniqueKey(ctx.conn, step, input, staged));
    const existing = openTable(ctx.session.catalog, tableIdOf(step.common.relation!));
    if (!existing) return await buildFirstVersions(step, ctx, input, staged);
    const outcome = await guarded(step, () => mergeVersions(step, ctx, existing, input, staged, temps));
    // Also after a run without changes: new columns may have been added.
    await ctx.session.showTable(ctx.conn, existing);
    return outcome;
  } finally {
    await temps.dropAll();
  }
}

async function stageQuery(step: SnapshotStep, temps: TempTables): Promise<string> {
  try {
    return await temps.create('source', `SELECT * FROM (\n${step.sql}\n)`);
  } catch (error) {
    throw sqlError(error, step.common, STAGE_LINE_OFFSET);
  }
}

async function buildFirstVersions(
  step: SnapshotStep,
  ctx: MaterializeContext,
  input: SnapshotSqlInput,
  staged: string,
): Promise<StepOutcome> {
  const sql = firstBuildSql(input, staged);
  const { table } = await tableForStep(ctx, step, sql);
  const result = await guarded(step, () =>
    table.overwrite(ctx.conn, sql, { schemaMode: 'sync', summary: ctx.snapshotSummary(step) }),
  );
  await ctx.session.showTable(ctx.conn, table);
  return committed('CREATE TABLE', result.addedRecords, result.snapshotId, {
    operation: 'snapshot',
    rows_inserted: result.addedRecords,
    rows_invalidated: 0,
    files_added: result.addedFiles,
    bytes_added: result.addedBytes,
  });
}

async function mergeVersions(
  step: SnapshotStep,
  ctx: MaterializeContext,
  table: IcebergTable,
  base: SnapshotSqlInput,
  staged: string,
  temps: TempTables,
): Promise<StepOutcome> {
  const tableColumns = table.schema.fields.map((f) => f.name);
  checkSnapshotTable(step, tableColumns);
  addMissingColumns(table, base.sourceColumns, step);
  const input: SnapshotSqlInput = { ...base, tableColumns };
  // A view: the current versions are read once for the comparison, again only for what changed.
  const current = await temps.create('current', currentVersionsSql(table, step), 'VIEW');
  const changes = await temps.create('changes', changesSql(input, staged, current));
  const closes = await temps.create('closes', closedVersionsSql(input, changes));
  const inserts = await temps.create('inserts', insertedRowsSql(input, changes, current));
  const closed = await countRows(ctx.conn, closes);
  const inserted = await countRows(ctx.conn, inserts);
  if (closed + inserted === 0) return unchanged();
  const rows = writtenRowsSql(table, step, current, closes, inserts);
  const options: WriteOptions = { schemaMode: 'ignore', summary: ctx.snapshotSummary(step) };
  const result: WriteResult =
    closed === 0
      ? await table.append(ctx.conn, rows, options)
      : await closeAndInsert(ctx.conn, table, input, { closes, rows, options });
  return committed('SNAPSHOT', closed + inserted, result.snapshotId, {
    operation: 'snapshot',
    rows_inserted: inserted,
    rows_invalidated: closed,
    files_added: result.addedFiles,
    bytes_added: result.addedBytes,
  });
}

/** Copy-on-write of the files holding the versions to close, plus the new rows, in one snapshot. */
async function closeAndInsert(
  conn: DuckDBConnection,
  table: IcebergTable,
  input: SnapshotSqlInput,
  write: { closes: string; rows: string; options: WriteOptions },
): Promise<WriteResult> {
  const { settings } = input;
  const closing = `${q(settings.metaColumns.scdId)} IN (SELECT scd_id FROM ${write.closes}) AND ${currentVersionPredicate(settings)}`;
  const candidates = await candidateFiles(conn, input, write.closes);
  return table.replaceWhere(conn, closing, write.rows, { ...write.options, candidates });
}

/** dbt adds the query's new columns (and `dbt_is_deleted` for new_record) to the table before merging. */
function addMissingColumns(
  table: IcebergTable,
  sourceColumns: readonly ColumnType[],
  step: SnapshotStep,
): void {
  const have = new Set(table.schema.fields.map((f) => f.name.toLowerCase()));
  const added = sourceColumns.filter((c) => !have.has(c.name.toLowerCase()));
  const isDeleted = step.settings.metaColumns.isDeleted;
  if (step.settings.hardDeletes === 'new_record' && !have.has(isDeleted.toLowerCase()))
    added.push({ name: isDeleted, type: 'VARCHAR' });
  if (added.length > 0) table.evolveSchema(added.map((c) => ({ add: c.name, type: c.type })));
}

/** The table's current versions; files that hold only closed versions are not read. */
function currentVersionsSql(table: IcebergTable, step: SnapshotStep): string {
  const settings = step.settings;
  const filter: Predicate[] =
    settings.validToCurrent === undefined ? [{ column: settings.metaColumns.validTo, op: 'is null' }] : [];
  return `SELECT * FROM (${table.scan({ filter }).sql}) WHERE ${currentVersionPredicate(settings)}`;
}

/**
 * What the commit writes: each closed version again with its end time, then the new rows, cast
 * to the table's columns in the table's order (new columns were added to the table first).
 */
function writtenRowsSql(
  table: IcebergTable,
  step: SnapshotStep,
  current: string,
  closes: string,
  inserts: string,
): string {
  const meta = step.settings.metaColumns;
  const closedVersions = `SELECT c.* REPLACE (x.valid_to AS ${q(meta.validTo)})
FROM ${current} AS c JOIN ${closes} AS x ON c.${q(meta.scdId)} = x.scd_id`;
  const columns = table.schema.fields.map(
    (f) => `CAST(${q(f.name)} AS ${duckTypeOf(f.type)}) AS ${q(f.name)}`,
  );
  return `SELECT ${columns.join(', ')} FROM (\n${closedVersions}\nUNION ALL BY NAME\nSELECT * FROM ${inserts}\n)`;
}

/**
 * Pruning hints for the copy-on-write: only files with current versions (NULL `dbt_valid_to`)
 * and, when the key is made of columns, key bounds overlapping the closed keys can hold a
 * version to close.
 */
async function candidateFiles(
  conn: DuckDBConnection,
  input: SnapshotSqlInput,
  closes: string,
): Promise<Predicate[]> {
  const { settings } = input;
  const candidates: Predicate[] = [];
  if (settings.validToCurrent === undefined)
    candidates.push({ column: settings.metaColumns.validTo, op: 'is null' });
  const keyColumns = settings.uniqueKey.map((key) => columnOrExpression(key, input.sourceColumns));
  if (!keyColumns.every((k) => k.startsWith('"'))) return candidates;
  const select = keyColumns.map(
    (_, i) => `min(__ldp_key_${i + 1})::VARCHAR AS lo${i}, max(__ldp_key_${i + 1})::VARCHAR AS hi${i}`,
  );
  const reader = await conn.runAndReadAll(`SELECT ${select.join(', ')} FROM ${closes}`);
  const row = reader.getRowObjectsJson()[0] ?? {};
  keyColumns.forEach((column, i) => {
    const low = row[`lo${i}`];
    const high = row[`hi${i}`];
    if (low === null || low === undefined || high === null || high === undefined) return;
    candidates.push({
      column: unquoteIdentifier(column),
      op: 'between',
      low: String(low),
      high: String(high),
    });
  });
  return candidates;
}

async function countRows(conn: DuckDBConnection, table: string): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${table}`);
  return Number(reader.getRowObjectsJson()[0]?.['n'] ?? 0);
}

/** Nothing changed: no commit, the table stays at its snapshot. */
function unchanged(): StepOutcome {
  return committed('SNAPSHOT', 0, undefined, {
    operation: 'snapshot',
    rows_inserted: 0,
    rows_invalidated: 0,
  });
}
