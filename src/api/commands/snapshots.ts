import { historyOf, type SnapshotEntry } from '../inspect/snapshot-history.js';
import type { ProjectOptions } from '../session/options.js';
import { parse } from '../session/parse.js';
import { resolveStoredNode } from '../session/resolve-node.js';
import {
  findStoredRelation,
  openCatalogIfBuilt,
  requireTable,
  tableLabel,
} from '../warehouse/stored-relation.js';

export interface SnapshotsOptions extends ProjectOptions {
  /** The model, seed or snapshot whose table to list (a name or any one-node selection). */
  readonly model: string;
  /** Default `table`. */
  readonly output?: 'table' | 'json';
}

export interface SnapshotsResult {
  /** `bronze.bronze_trips`. */
  readonly table: string;
  /** Oldest first, newest last. */
  readonly snapshots: readonly SnapshotEntry[];
}

const COLUMNS = [
  'snapshot_id',
  'committed_at',
  'operation',
  'added_rows',
  'removed_rows',
  'total_rows',
  'current',
  'run_id',
  'command',
];

/** `ldp snapshots <model>`: the Iceberg history of a model's table, read without any lock. */
export async function snapshots(options: SnapshotsOptions): Promise<SnapshotsResult> {
  const parsed = await parse(options);
  const node = resolveStoredNode(parsed, { select: [options.model] });
  const catalog = openCatalogIfBuilt(parsed.project.target);
  try {
    const found = findStoredRelation(catalog, node);
    // Without a catalog nothing was built: requireTable throws "build it first".
    const table = requireTable(found, node);
    const result = { table: tableLabel(found.id), snapshots: historyOf(table, catalog!) };
    if (options.output === 'json') {
      parsed.reporter.report({ kind: 'output', text: JSON.stringify(result.snapshots, null, 2) });
    } else {
      parsed.reporter.report({ kind: 'table', columns: COLUMNS, rows: result.snapshots.map(entryRow) });
    }
    return result;
  } finally {
    catalog?.close();
  }
}

function entryRow(entry: SnapshotEntry): unknown[] {
  return [
    entry.snapshotId,
    entry.committedAt,
    entry.operation,
    entry.addedRows ?? null,
    entry.removedRows ?? null,
    entry.totalRows ?? null,
    entry.current,
    entry.runId ?? null,
    entry.command ?? null,
  ];
}

export type { SnapshotEntry };
