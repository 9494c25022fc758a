import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromUri, IcebergTable, liveFiles, toUri } from '../../src/iceberg/index.js';
import { encodeManifest, encodeManifestList, readManifestList } from '../../src/iceberg/manifest-io.js';
import { appendChanges, buildSnapshot } from '../../src/iceberg/snapshot-changes.js';
import { EntryStatus, type Snapshot, type TableMetadata } from '../../src/iceberg/types.js';
import { newWarehouse } from './support.js';

/** A table with one append, and the data file that append wrote. */
async function oneAppend() {
  const wh = await newWarehouse();
  const table = await IcebergTable.create(
    wh.catalog,
    { namespace: ['s'], name: 't' },
    { conn: wh.conn, sql: 'SELECT 1 AS a' },
  );
  await table.append(wh.conn, 'SELECT range::INTEGER AS a FROM range(3)');
  const [file] = liveFiles(table.currentSnapshot).map((f) => f.entry.dataFile);
  return { table, file: file! };
}

/** The metadata with its current snapshot changed as another engine might have written it. */
function withCurrent(metadata: TableMetadata, change: (s: Snapshot) => Snapshot): TableMetadata {
  const current = metadata['current-snapshot-id'];
  return {
    ...metadata,
    snapshots: metadata.snapshots.map((s) => (s['snapshot-id'] === current ? change(s) : s)),
  };
}

describe('snapshot summaries and manifest lists on top of other engines’ snapshots', () => {
  it('adds to the totals the parent states, and leaves out the totals it does not state', async () => {
    const { table, file } = await oneAppend();
    expect(table.currentSnapshot!.summary).toMatchObject({ 'total-records': '3', 'total-data-files': '1' });
    const base = withCurrent(table.metadata, (s) => ({
      ...s,
      summary: { operation: 'append', 'total-records': '3', 'total-delete-files': '2' },
    }));
    const { metadata } = buildSnapshot(base, 77n, 'append', appendChanges(base, [file]), {}, 1);
    const summary = metadata.snapshots.at(-1)!.summary;
    expect(summary['total-records']).toBe('6');
    expect(summary['total-delete-files']).toBe('2');
    // Unknown before, so unknown after: not a count that restarts from zero.
    expect(summary['total-data-files']).toBeUndefined();
    expect(summary['total-files-size']).toBeUndefined();
  });

  it('keeps a foreign table’s delete manifests when appending, so deleted rows stay deleted', async () => {
    const { table, file } = await oneAppend();
    const snapshot = table.currentSnapshot!;
    const manifests = readManifestList(snapshot['manifest-list']);
    const deletes = {
      ...manifests[0]!,
      manifestPath: `${table.metadata.location}/metadata/d.avro`,
      content: 1 as const,
    };
    const list = join(fromUri(table.metadata.location), 'metadata', 'snap-with-deletes.avro');
    writeFileSync(
      list,
      encodeManifestList([...manifests, deletes], { snapshotId: snapshot['snapshot-id'], sequenceNumber: 1 }),
    );
    const base = withCurrent(table.metadata, (s) => ({ ...s, 'manifest-list': toUri(list) }));
    const { metadata } = buildSnapshot(base, 78n, 'append', appendChanges(base, [file]), {}, 1);
    const written = readManifestList(metadata.snapshots.at(-1)!['manifest-list']);
    expect(written.filter((m) => m.content === 1).map((m) => m.manifestPath)).toEqual([deletes.manifestPath]);
  });
});

describe('sequence numbers of files another engine added', () => {
  it('inherits the file sequence number from the manifest even when the data sequence number is stated', async () => {
    const { table, file } = await oneAppend();
    const metadataDir = join(fromUri(table.metadata.location), 'metadata');
    const spec = table.metadata['partition-specs'][0]!;
    const manifestPath = join(metadataDir, 'rewrite-m0.avro');
    // As Spark's rewrite_data_files writes them: the data keeps an older sequence number.
    const manifest = encodeManifest(
      [{ status: EntryStatus.Added, snapshotId: 9n, sequenceNumber: 1, dataFile: file }],
      spec,
      table.schema,
    );
    writeFileSync(manifestPath, manifest);
    const [listed] = readManifestList(table.currentSnapshot!['manifest-list']);
    const list = join(metadataDir, 'snap-rewrite.avro');
    writeFileSync(
      list,
      encodeManifestList(
        [
          {
            ...listed!,
            manifestPath: toUri(manifestPath),
            manifestLength: manifest.length,
            sequenceNumber: 3,
          },
        ],
        { snapshotId: 9n, sequenceNumber: 3 },
      ),
    );
    const [live] = liveFiles({ ...table.currentSnapshot!, 'snapshot-id': 9n, 'manifest-list': toUri(list) });
    expect([live!.sequenceNumber, live!.fileSequenceNumber]).toEqual([1, 3]);
  });
});
