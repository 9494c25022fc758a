import { LdpError } from '../../errors/index.js';
import { readManifest, readManifestList } from '../manifest-io.js';
import { EntryStatus, type ManifestEntry, type ManifestFile, type Snapshot } from '../types.js';

/** A live data file of a snapshot, with the sequence numbers it was added with (resolved). */
export interface LiveFile {
  readonly entry: ManifestEntry;
  readonly manifest: ManifestFile;
  readonly sequenceNumber: number;
  readonly fileSequenceNumber: number;
}

/**
 * The data files a snapshot can see: ADDED and EXISTING entries of its manifests. Without
 * `metrics`, column metrics are left out (reads that only need file paths); every path that
 * rewrites manifests keeps them.
 */
export function liveFiles(snapshot: Snapshot | undefined, options: { metrics?: boolean } = {}): LiveFile[] {
  if (!snapshot) return [];
  const files: LiveFile[] = [];
  for (const manifest of readManifestList(snapshot['manifest-list'])) {
    if (manifest.content !== 0) {
      if (manifest.addedFilesCount + manifest.existingFilesCount > 0) throw deleteFilesUnsupported(snapshot);
      continue;
    }
    // Only DELETED entries (e.g. what an overwrite removed): nothing live to read. Counts of
    // zero everywhere may mean a writer that left them out, so that manifest is still read.
    if (manifest.addedFilesCount + manifest.existingFilesCount === 0 && manifest.deletedFilesCount > 0)
      continue;
    for (const entry of readManifest(manifest.manifestPath, options)) {
      if (entry.status === EntryStatus.Deleted || entry.dataFile.content !== 0) continue;
      // ADDED entries inherit the manifest's sequence number (null in the file). Each number
      // inherits on its own: a rewrite may state an older data sequence number and leave the
      // file sequence number to the manifest.
      files.push({
        entry,
        manifest,
        sequenceNumber: entry.sequenceNumber ?? manifest.sequenceNumber,
        fileSequenceNumber: entry.fileSequenceNumber ?? manifest.sequenceNumber,
      });
    }
  }
  return files;
}

/** Reading around merge-on-read deletes would return deleted rows: refuse instead. */
function deleteFilesUnsupported(snapshot: Snapshot): LdpError {
  return new LdpError({
    code: 'LDP531',
    message: `snapshot ${snapshot['snapshot-id']} has row-level delete files (merge-on-read), which ldp cannot read`,
    hint: 'Rewrite the table with copy-on-write deletes in the engine that wrote it (e.g. rewrite data files), or read an older snapshot.',
  });
}
