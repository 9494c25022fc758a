import { CatalogErrors } from './catalog-errors.js';
import type { CatalogContext } from './context.js';
import type {
  NodeHistoryEntry,
  NodeResultRecord,
  RunEnd,
  RunRecord,
  RunStart,
  RunStatus,
} from './records.js';

interface RunRow {
  readonly run_id: string;
  readonly command: string;
  readonly status: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly ldp_version: string;
  readonly target: string | null;
  readonly project_name: string | null;
  readonly args: string | null;
  readonly message: string | null;
}

type ResultRow = Record<(typeof RESULT_COLUMNS)[number][1], string | number | null>;

/** Record field → column of `ldp_run_results`, in one place for writing and reading. */
const RESULT_COLUMNS = [
  ['uniqueId', 'unique_id'],
  ['resourceType', 'resource_type'],
  ['name', 'name'],
  ['status', 'status'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
  ['durationMs', 'duration_ms'],
  ['rowsAffected', 'rows_affected'],
  ['failures', 'failures'],
  ['message', 'message'],
  ['compiledPath', 'compiled_path'],
  ['sqlFingerprint', 'sql_fingerprint'],
  ['materialization', 'materialization'],
  ['namespace', 'namespace'],
  ['tableName', 'table_name'],
  ['snapshotId', 'snapshot_id'],
  ['details', 'details'],
] as const satisfies readonly (readonly [keyof NodeResultRecord, string])[];

const RESULT_SELECT = RESULT_COLUMNS.map(([, column]) => `res.${column}`).join(', ');

/** Records that a command started; its status is `running` until `recordRunEnd`. */
export function recordRunStart(ctx: CatalogContext, run: RunStart): void {
  ctx.sql
    .get(
      `INSERT INTO ldp_runs (run_id, command, status, started_at, ldp_version, target, project_name, args)
       VALUES (?, ?, 'running', ?, ?, ?, ?, ?)`,
    )
    .run(
      run.runId,
      run.command,
      run.startedAt ?? ctx.now().toISOString(),
      run.ldpVersion,
      run.target ?? null,
      run.projectName ?? null,
      run.args === undefined ? null : JSON.stringify(run.args),
    );
}

/** Records how a command ended. */
export function recordRunEnd(ctx: CatalogContext, runId: string, end: RunEnd): void {
  const result = ctx.sql
    .get('UPDATE ldp_runs SET status = ?, finished_at = ?, message = ? WHERE run_id = ?')
    .run(end.status, end.finishedAt ?? ctx.now().toISOString(), end.message ?? null, runId);
  if (result.changes === 0) throw CatalogErrors.runMissing(runId);
}

/** Records (or replaces) one node's result in a run. */
export function recordNodeResult(ctx: CatalogContext, runId: string, result: NodeResultRecord): void {
  const columns = RESULT_COLUMNS.map(([, column]) => column);
  const values = RESULT_COLUMNS.map(([field]) => {
    const value = result[field];
    if (value === undefined) return null;
    return typeof value === 'object' ? JSON.stringify(value) : value;
  });
  try {
    ctx.sql
      .get(
        `INSERT OR REPLACE INTO ldp_run_results (run_id, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)})`,
      )
      .run(runId, ...values);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
      throw CatalogErrors.runMissing(runId);
    throw error;
  }
}

/** One run, or undefined. */
export function loadRun(ctx: CatalogContext, runId: string): RunRecord | undefined {
  const row = ctx.sql.get('SELECT * FROM ldp_runs WHERE run_id = ?').get(runId) as RunRow | undefined;
  return row && toRun(row);
}

/** The latest runs, newest first. */
export function listRuns(ctx: CatalogContext, limit = 20): RunRecord[] {
  const rows = ctx.sql
    .get('SELECT * FROM ldp_runs ORDER BY started_at DESC, run_id DESC LIMIT ?')
    .all(limit) as RunRow[];
  return rows.map(toRun);
}

/** The node results of one run, sorted by unique id. */
export function runResults(ctx: CatalogContext, runId: string): NodeResultRecord[] {
  const rows = ctx.sql
    .get(`SELECT ${RESULT_SELECT} FROM ldp_run_results res WHERE res.run_id = ? ORDER BY res.unique_id`)
    .all(runId) as ResultRow[];
  return rows.map(toResult);
}

/** A node's results across runs, newest first: the history of a model or a data test. */
export function runHistory(ctx: CatalogContext, uniqueId: string, limit = 50): NodeHistoryEntry[] {
  const rows = ctx.sql
    .get(
      `SELECT res.run_id, run.command, run.started_at AS run_started_at, ${RESULT_SELECT}
       FROM ldp_run_results res JOIN ldp_runs run ON run.run_id = res.run_id
       WHERE res.unique_id = ? ORDER BY run.started_at DESC, res.run_id DESC LIMIT ?`,
    )
    .all(uniqueId, limit) as (ResultRow & { run_id: string; command: string; run_started_at: string })[];
  return rows.map((row) => ({
    ...toResult(row),
    runId: row.run_id,
    command: row.command,
    runStartedAt: row.run_started_at,
  }));
}

function toRun(row: RunRow): RunRecord {
  return {
    runId: row.run_id,
    command: row.command,
    status: row.status as RunStatus,
    startedAt: row.started_at,
    ldpVersion: row.ldp_version,
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    ...(row.target !== null ? { target: row.target } : {}),
    ...(row.project_name !== null ? { projectName: row.project_name } : {}),
    ...(row.args !== null ? { args: JSON.parse(row.args) as Record<string, unknown> } : {}),
    ...(row.message !== null ? { message: row.message } : {}),
  };
}

function toResult(row: ResultRow): NodeResultRecord {
  const record: Record<string, unknown> = {};
  for (const [field, column] of RESULT_COLUMNS) {
    const value = row[column];
    if (value === null) continue;
    record[field] = field === 'details' ? JSON.parse(String(value)) : value;
  }
  // Rows are only ever written from a NodeResultRecord, through the same column list.
  return record as unknown as NodeResultRecord;
}
