import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createTable, type IcebergTable, openTable, stagedCatalog } from '../../iceberg/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../../model/iceberg-catalog-port.js';
import { BronzeWriter } from './bronze-writer.js';
import type { BigQueryConnection } from './client.js';
import type { BigQueryJobRunner } from './job-runner.js';
import { readPlan } from './read-plan.js';
import type { BigQuerySourceSpec } from './source-spec.js';
import { readQuery, readTable, type SourceRows } from './table-reader.js';
import { loadedWatermark } from './watermark.js';

export interface SourceLoadOptions {
  /** Replace every row even when the source has a watermark and the table exists. */
  readonly fullRefresh?: boolean;
  readonly pageSize?: number;
  readonly rowsPerFile?: number;
  /** Snapshot summary entries (`ldp.run-id`, …). */
  readonly summary?: Readonly<Record<string, string>>;
}

export interface SourceLoadResult {
  readonly mode: 'full' | 'incremental';
  readonly rows: number;
  /** Undefined when an incremental load found no new rows (nothing committed). */
  readonly snapshotId?: bigint;
  readonly query?: string;
  readonly jobId?: string;
  readonly bytesProcessed?: number;
  /** The GoogleSQL literal rows had to be past, for an incremental load. */
  readonly after?: string;
}

interface Readers {
  readonly connection: BigQueryConnection;
  readonly runner: BigQueryJobRunner;
}

/**
 * Loads one BigQuery source into a local Iceberg table as one snapshot: a full load replaces
 * its rows (and creates it, entering the catalog only with that snapshot); a load of an existing
 * table with a watermark appends only rows past the largest watermark value it holds.
 */
export async function loadSource(
  readers: Readers,
  spec: BigQuerySourceSpec,
  target: { conn: DuckDBConnection; catalog: IcebergCatalogPort; id: TableIdentifier },
  options: SourceLoadOptions = {},
): Promise<SourceLoadResult> {
  const existing = openTable(target.catalog, target.id);
  const incremental = spec.watermark !== undefined && existing !== undefined && options.fullRefresh !== true;
  const after = incremental ? await loadedWatermark(target.conn, existing, spec.watermark!) : undefined;
  const plan = readPlan(spec, readers.connection.options.project, after);
  // Pages of 20,000 rows (a few MB of JSON; BigQuery also cuts a page at about 10 MB) and
  // files of 100,000 rows keep a load's memory bounded whatever the table's size (larger pages
  // cost memory in DuckDB's JSON reading and gain no speed); both only change how the work is cut.
  const pageSize = options.pageSize ?? 20_000;
  const rows: SourceRows =
    plan.kind === 'table'
      ? await readTable(readers.connection, plan, pageSize)
      : await readQuery(readers.connection, readers.runner, plan.sql, pageSize);
  const writer = new BronzeWriter(target.conn, rows.schema, options.rowsPerFile ?? 100_000);
  const pagesDir = await mkdtemp(join(tmpdir(), 'ldp-bigquery-'));
  try {
    // A new table enters the catalog only with its first snapshot (staged).
    const table =
      existing ??
      (await createTable(stagedCatalog(target.catalog), target.id, {
        conn: target.conn,
        sql: writer.typedSql,
      }));
    const writeOptions = { schemaMode: incremental ? ('add-only' as const) : ('sync' as const) };
    for await (const page of rows.pages(pagesDir)) await writer.append(page, table, writeOptions);
    const files = await writer.finish(table, writeOptions);
    const commit = { summary: { ...options.summary, 'ldp.source.rows': String(writer.rows) } };
    const snapshotId = incremental
      ? files.length > 0
        ? appendCommitted(table, files, commit)
        : undefined
      : table.overwriteWithFiles(files, commit).snapshotId;
    return {
      mode: incremental ? 'incremental' : 'full',
      rows: writer.rows,
      ...(snapshotId !== undefined ? { snapshotId } : {}),
      ...(plan.kind === 'query' ? { query: plan.sql } : {}),
      ...(rows.jobId ? { jobId: rows.jobId } : {}),
      ...(rows.bytesProcessed !== undefined ? { bytesProcessed: rows.bytesProcessed } : {}),
      ...(after !== undefined ? { after } : {}),
    };
  } finally {
    await rm(pagesDir, { recursive: true, force: true });
  }
}

function appendCommitted(
  table: IcebergTable,
  files: Parameters<IcebergTable['appendFiles']>[0],
  options: { summary: Record<string, string> },
): bigint {
  return table.appendFiles(files, options).snapshotId;
}
