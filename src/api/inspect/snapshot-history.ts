import { LATEST_VERSION, type SqliteCatalog } from '../../catalog/index.js';
import type { IcebergTable, Snapshot } from '../../iceberg/index.js';
import { snapshotsOldestFirst } from './snapshot-choice.js';

/** One snapshot of a table's history. Counts are undefined when the writer did not record them. */
export interface SnapshotEntry {
  /** As text: snapshot ids exceed 2^53. */
  readonly snapshotId: string;
  readonly parentId?: string;
  readonly committedAt: string;
  /** `append`, `overwrite`, `replace` or `delete`. */
  readonly operation: string;
  readonly addedRows?: number;
  readonly removedRows?: number;
  readonly totalRows?: number;
  /** The snapshot the table reads now (after a rollback, not necessarily the newest). */
  readonly current: boolean;
  /** The ldp run that committed it (summary `ldp.run-id`), and that run's command. */
  readonly runId?: string;
  readonly command?: string;
}

/** The table's snapshots, oldest first, with the command of the run that made each one. */
export function historyOf(table: IcebergTable, catalog: SqliteCatalog): SnapshotEntry[] {
  const current = table.metadata['current-snapshot-id'];
  const commandOf = runCommands(catalog);
  return snapshotsOldestFirst(table).map((snapshot) => {
    const runId = snapshot.summary['ldp.run-id'];
    const command = runId === undefined ? undefined : commandOf(runId);
    return {
      snapshotId: snapshot['snapshot-id'].toString(),
      ...(snapshot['parent-snapshot-id'] === undefined
        ? {}
        : { parentId: snapshot['parent-snapshot-id'].toString() }),
      committedAt: new Date(snapshot['timestamp-ms']).toISOString(),
      operation: snapshot.summary.operation,
      ...counts(snapshot),
      current: snapshot['snapshot-id'] === current,
      ...(runId === undefined ? {} : { runId }),
      ...(command === undefined ? {} : { command }),
    };
  });
}

function counts(snapshot: Snapshot): Pick<SnapshotEntry, 'addedRows' | 'removedRows' | 'totalRows'> {
  const read = (key: string) => {
    const text = snapshot.summary[key];
    return text === undefined || Number.isNaN(Number(text)) ? undefined : Number(text);
  };
  const added = read('added-records');
  const removed = read('deleted-records');
  const total = read('total-records');
  return {
    ...(added === undefined ? {} : { addedRows: added }),
    ...(removed === undefined ? {} : { removedRows: removed }),
    ...(total === undefined ? {} : { totalRows: total }),
  };
}

/** Run commands from `ldp_runs`; a catalog another tool wrote may not have that table. */
function runCommands(catalog: SqliteCatalog): (runId: string) => string | undefined {
  if (catalog.schemaVersion !== LATEST_VERSION) return () => undefined;
  const cache = new Map<string, string | undefined>();
  return (runId) => {
    if (!cache.has(runId)) cache.set(runId, catalog.loadRun(runId)?.command);
    return cache.get(runId);
  };
}
