import type { DuckDBConnection } from '@duckdb/node-api';
import { LosslessNumber, parse, stringify } from 'lossless-json';
import { newSnapshotId } from '../../../src/iceberg/ids.js';
import { parseMetadata, planScan } from '../../../src/iceberg/index.js';
import { appendChanges, buildSnapshot } from '../../../src/iceberg/snapshot-changes.js';
import { currentSchema, defaultSpec } from '../../../src/iceberg/snapshot-writer.js';
import type { TableMetadata } from '../../../src/iceberg/types.js';
import { writeDataFiles } from '../../../src/iceberg/write-data.js';
import type { CheckedResponse, RestTestClient } from '../../support/rest-spec.js';

/**
 * What another engine does to append through a REST catalog: load the table, write Parquet data
 * files, manifests and a manifest list next to it, then commit `add-snapshot` + `set-snapshot-ref`
 * with requirements on the metadata it started from. ldp's own writers play that engine here;
 * the catalog side under test only sees the HTTP requests.
 */
export class EngineClient {
  constructor(
    private readonly client: RestTestClient,
    private readonly conn: DuckDBConnection,
  ) {}

  /** The table's metadata as loaded over HTTP, snapshot ids exact. */
  async load(path: string): Promise<{ response: CheckedResponse; metadata: TableMetadata }> {
    const response = await this.client.get(path);
    return { response, metadata: metadataOf(response.text) };
  }

  /**
   * Appends the rows of `sql` as one snapshot. On 409 (another writer won) it loads the table
   * again and retries, as engines do; returns the committed snapshot id and the attempts.
   */
  async append(
    path: string,
    sql: string,
    maxAttempts = 20,
  ): Promise<{ snapshotId: bigint; attempts: number }> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const { metadata: base } = await this.load(path);
      const files = await writeDataFiles({
        conn: this.conn,
        sql,
        schema: currentSchema(base),
        spec: defaultSpec(base),
        tableLocation: base.location,
      });
      const snapshotId = newSnapshotId();
      const built = buildSnapshot(base, snapshotId, 'append', appendChanges(base, files), {}, Date.now());
      const snapshot = built.metadata.snapshots.at(-1)!;
      const response = await this.commit(path, {
        requirements: [
          { type: 'assert-table-uuid', uuid: base['table-uuid'] },
          { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': base['current-snapshot-id'] ?? null },
        ],
        updates: [
          { action: 'add-snapshot', snapshot },
          { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
        ],
      });
      if (response.status === 200) return { snapshotId, attempts: attempt };
      if (response.status !== 409) throw new Error(`commit failed: ${response.status} ${response.text}`);
    }
    throw new Error(`append to ${path} kept conflicting`);
  }

  /** Sends a commit; bigint ids are written as exact JSON numbers. */
  commit(path: string, body: unknown): Promise<CheckedResponse> {
    return this.client.request('POST', path, exactJson(body));
  }

  /** Row count of the table's current snapshot, read by DuckDB from the files the metadata names. */
  async count(metadata: TableMetadata): Promise<number> {
    const plan = planScan(metadata);
    if (plan.files.length === 0) return 0;
    const rows = (
      await this.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (${plan.sql})`)
    ).getRowObjects();
    return Number(rows[0]!['n']);
  }
}

/** The `metadata` of a LoadTableResult or CommitTableResponse, parsed without losing ids. */
export function metadataOf(text: string): TableMetadata {
  const body = parse(text) as { metadata: unknown };
  return parseMetadata(stringify(body.metadata) ?? '');
}

export function exactJson(value: unknown): string {
  return stringify(value, (_key, v) => (typeof v === 'bigint' ? new LosslessNumber(v.toString()) : v)) ?? '';
}
