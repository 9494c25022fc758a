import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StepOutcome } from '../../../model/run-result.js';
import { quoteIdentifier, quoteLiteral } from '../../../sql/index.js';
import type { ColumnType } from '../introspect.js';
import { materializeView } from './materialize-view.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { checkQuery, guarded } from './write-table.js';

/**
 * dbt-duckdb's `external`: the query's rows are written to Parquet, CSV or JSON files at the
 * model's location, outside Iceberg, and a view over those files (recorded in the catalog like
 * a `view` model) is what `ref()` reads. The files are written beside the location under a
 * hidden name and renamed into place, so readers see the old files or the new ones, never a
 * half-written file; a failed write leaves the old files and the old view as they were.
 */
export async function materializeExternal(
  step: StepOf<'external'>,
  ctx: MaterializeContext,
): Promise<StepOutcome> {
  const { location, copyOptions, folder, readSql } = step.external;
  const columns = await checkQuery(ctx, step, step.sql);
  mkdirSync(dirname(location), { recursive: true });
  const aside = join(dirname(location), `.${basename(location)}.ldp-${randomBytes(6).toString('hex')}`);
  let rows: number;
  try {
    rows = await guarded(step, () =>
      copyTo(ctx, `COPY (\n${step.sql}\n) TO ${quoteLiteral(aside)} (${copyOptions.join(', ')})`),
    );
    if (folder) mkdirSync(aside, { recursive: true }); // an empty result writes no partition
    replace(location, aside, folder);
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  // No rows: a CSV or JSON file (or a folder of partitions) tells no column types, or has no
  // file to read at all; the view then answers the query's columns, typed, without rows.
  const sql = rows === 0 && (folder || step.external.format !== 'parquet') ? emptyOf(columns) : readSql;
  const outcome = await materializeView({ kind: 'view', common: step.common, sql }, ctx);
  const detail = `COPY TO ${location}`;
  return { ...outcome, detail, adapterResponse: { _message: detail, code: 'COPY' } };
}

async function copyTo(ctx: MaterializeContext, sql: string): Promise<number> {
  const reader = await ctx.conn.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

function emptyOf(columns: readonly ColumnType[]): string {
  const list = columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdentifier(c.name)}`).join(', ');
  return `SELECT ${list} WHERE false`;
}

/**
 * Puts the written files at `location`. A file is renamed over the old one in one step; a
 * folder cannot be, so the old folder is moved aside first and removed once the new one is in.
 */
function replace(location: string, written: string, folder: boolean): void {
  if (!folder || !existsSync(location)) {
    if (folder || !existsSync(location)) rmSync(location, { recursive: true, force: true });
    renameSync(written, location);
    return;
  }
  const old = `${written}.old`;
  renameSync(location, old);
  try {
    renameSync(written, location);
  } catch (error) {
    renameSync(old, location);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
