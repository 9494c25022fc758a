import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  encodeManifest,
  encodeManifestList,
  rememberWrittenManifest,
  rememberWrittenManifestList,
} from './manifest-io.js';
import { summarizePartitions, withPartitionBounds } from './partition/partition-summary.js';
import { fromUri, toUri } from './paths.js';
import type { LiveFile } from './scan/live-files.js';
import { writeTableFile } from './table-files.js';
import {
  type DataFile,
  EntryStatus,
  type ManifestEntry,
  type ManifestFile,
  type PartitionSpec,
  type Schema,
  type TableMetadata,
} from './types.js';

export interface SnapshotChanges {
  readonly added: readonly DataFile[];
  /** Live files of the base snapshot that this snapshot removes. */
  readonly deleted: readonly LiveFile[];
  /** Manifests of the base snapshot kept as they are (none of their files change). */
  readonly keptManifests: readonly ManifestFile[];
  /** Live files of changed manifests that stay live (rewritten as EXISTING entries). */
  readonly existing: readonly LiveFile[];
}

/**
 * Writes the manifests and the manifest list of a new snapshot and returns the list's location.
 * ADDED entries leave sequence numbers null (inherited); EXISTING and DELETED entries carry the
 * numbers their files were added with, as the spec requires.
 */
export function writeSnapshotFiles(
  metadata: TableMetadata,
  snapshotId: bigint,
  sequenceNumber: number,
  parentId: bigint | undefined,
  changes: SnapshotChanges,
): { manifestList: string; manifests: ManifestFile[] } {
  const schema = currentSchema(metadata);
  const spec = defaultSpec(metadata);
  const metadataDir = join(fromUri(metadata.location), 'metadata');
  const commitId = randomUUID();
  const manifests: ManifestFile[] = [];
  const write = (entries: ManifestEntry[], index: number) => {
    if (entries.length === 0) return;
    const path = join(metadataDir, `${commitId}-m${index}.avro`);
    const bytes = encodeManifest(entries, spec, schema);
    writeTableFile(path, 'the manifest', bytes);
    rememberWrittenManifest(toUri(path), entries, spec, schema, bytes.length);
    manifests.push(
      summarizeManifest(toUri(path), bytes.length, spec, schema, snapshotId, sequenceNumber, entries),
    );
  };
  // One manifest for the whole change: a file less to write per commit, and to read at the next.
  // Entries carry their own status, so readers keep the ADDED and EXISTING ones as before.
  write(
    [
      ...changes.added.map((dataFile) => ({ status: EntryStatus.Added, snapshotId, dataFile })),
      ...changes.deleted.map((f) => carried(f, EntryStatus.Deleted, snapshotId)),
      ...changes.existing.map((f) =>
        carried(f, EntryStatus.Existing, f.entry.snapshotId ?? f.manifest.addedSnapshotId),
      ),
    ],
    0,
  );
  const all = [...manifests, ...changes.keptManifests.map((m) => withPartitionBounds(m, metadata, schema))];
  const listPath = join(metadataDir, `snap-${snapshotId}-1-${commitId}.avro`);
  const list = encodeManifestList(all, {
    snapshotId,
    ...(parentId !== undefined ? { parentId } : {}),
    sequenceNumber,
  });
  writeTableFile(listPath, 'the manifest list', list);
  rememberWrittenManifestList(toUri(listPath), all, list.length);
  return { manifestList: toUri(listPath), manifests: all };
}

function carried(file: LiveFile, status: EntryStatus, snapshotId: bigint): ManifestEntry {
  return {
    status,
    snapshotId,
    sequenceNumber: file.sequenceNumber,
    fileSequenceNumber: file.fileSequenceNumber,
    dataFile: file.entry.dataFile,
  };
}

function summarizeManifest(
  path: string,
  length: number,
  spec: PartitionSpec,
  schema: Schema,
  snapshotId: bigint,
  sequenceNumber: number,
  entries: readonly ManifestEntry[],
): ManifestFile {
  const count = (status: EntryStatus) => entries.filter((e) => e.status === status);
  const rows = (list: readonly ManifestEntry[]) => list.reduce((sum, e) => sum + e.dataFile.recordCount, 0);
  const partitions = summarizePartitions(spec, schema, entries);
  // Only live (added or existing) files count; deleted entries keep their old numbers.
  const minSequence = entries
    .filter((e) => e.status !== EntryStatus.Deleted)
    .reduce((min, e) => Math.min(min, e.sequenceNumber ?? sequenceNumber), sequenceNumber);
  return {
    manifestPath: path,
    manifestLength: length,
    partitionSpecId: spec['spec-id'],
    content: 0,
    sequenceNumber,
    minSequenceNumber: minSequence,
    addedSnapshotId: snapshotId,
    addedFilesCount: count(EntryStatus.Added).length,
    existingFilesCount: count(EntryStatus.Existing).length,
    deletedFilesCount: count(EntryStatus.Deleted).length,
    addedRowsCount: rows(count(EntryStatus.Added)),
    existingRowsCount: rows(count(EntryStatus.Existing)),
    deletedRowsCount: rows(count(EntryStatus.Deleted)),
    ...(partitions ? { partitions } : {}),
  };
}

export function currentSchema(metadata: TableMetadata): Schema {
  return metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id'])!;
}

export function defaultSpec(metadata: TableMetadata): PartitionSpec {
  return metadata['partition-specs'].find((s) => s['spec-id'] === metadata['default-spec-id'])!;
}
