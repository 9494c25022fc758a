import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LdpError } from '../../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../../model/iceberg-catalog-port.js';
import { rewriteAvroRecords } from '../avro/container.js';
import { writeMetadataFile } from '../commit.js';
import { readManifest, readManifestList } from '../manifest-io.js';
import { parseMetadata } from '../metadata-json.js';
import { fromUri, toUri } from '../paths.js';
import type { Snapshot, TableMetadata } from '../types.js';
import { assertTableInWarehouse } from '../warehouse-bounds.js';

/** Where a location moves: the same location under the new root, or itself when not under the old one. */
export type LocationMap = (location: string) => string;

/** Maps every location under `fromRoot` to the same place under `toRoot`; others stay as they are. */
export function locationMap(fromRoot: string, toRoot: string): LocationMap {
  return (location) => {
    const tail = tailUnder(fromRoot, location);
    return tail === undefined ? location : toUri(join(toRoot, tail));
  };
}

/**
 * The part of a location below `root`, or undefined when it is not below it. Compared as written
 * (no symbolic links resolved), so the rewritten path keeps exactly the same tail.
 */
export function tailUnder(root: string, location: string): string | undefined {
  const tail = relative(resolve(root), resolve(fromUri(location)));
  return tail !== '' && !tail.startsWith('..') && !isAbsolute(tail) ? tail : undefined;
}

/**
 * The warehouse a table's metadata file was written in, read off ldp's layout
 * `<warehouse>/<namespace…>/<table>/metadata/<file>`; undefined when the path has another shape.
 */
export function warehouseRootOf(id: TableIdentifier, metadataLocation: string): string | undefined {
  let folder = dirname(fromUri(metadataLocation));
  for (const part of ['metadata', id.name, ...[...id.namespace].reverse()]) {
    if (basename(folder) !== part) return undefined;
    folder = dirname(folder);
  }
  return folder === '' || folder === '.' ? undefined : folder;
}

/** A table whose catalog row names files under an old root, and the copy that replaces them. */
export interface TableRelocation {
  readonly id: TableIdentifier;
  /** The metadata file the catalog row names now (under the old root). */
  readonly fromMetadataLocation: string;
  /** The same file in the copied folder, read instead of the original. */
  readonly copiedMetadataLocation: string;
  readonly metadata: TableMetadata;
  /** The table folder after relocation (a local path). */
  readonly folder: string;
}

/**
 * Checks that the copied files of a table exist under the new root and reads its metadata from
 * there (never from the old root, which may be gone after a move). Nothing is written.
 */
export function planRelocation(
  id: TableIdentifier,
  metadataLocation: string,
  map: LocationMap,
): TableRelocation {
  const copied = map(metadataLocation);
  requireCopy(id, metadataLocation, copied);
  const metadata = parseMetadata(readFileSync(fromUri(copied), 'utf8'));
  const checked = new Set<string>();
  const check = (location: string) => {
    if (checked.has(location)) return false;
    checked.add(location);
    requireCopy(id, location, map(location));
    return true;
  };
  // Every file a kept snapshot reads must be in the copy, or time travel would fail later.
  for (const snapshot of metadata.snapshots) {
    check(snapshot['manifest-list']);
    for (const manifest of readManifestList(map(snapshot['manifest-list']))) {
      if (!check(manifest.manifestPath)) continue;
      for (const entry of readManifest(map(manifest.manifestPath), { metrics: false }))
        check(entry.dataFile.filePath);
    }
  }
  return {
    id,
    fromMetadataLocation: metadataLocation,
    copiedMetadataLocation: copied,
    metadata,
    folder: fromUri(map(metadata.location)),
  };
}

/**
 * Points a table at its copied files: writes, under the new folder, every kept snapshot's manifest
 * list and manifests with rewritten paths and a new metadata file, then swaps the catalog row to
 * it (compare-and-swap). Files are only added, none is changed or deleted, so the old root and
 * the copied originals stay as they were. Time travel keeps working for every kept snapshot.
 */
export function relocateTable(
  catalog: IcebergCatalogPort,
  plan: TableRelocation,
  map: LocationMap,
  now: number,
): string {
  const metadata = plan.metadata;
  const relocated: TableMetadata = { ...metadata, location: toUri(plan.folder) };
  assertTableInWarehouse(catalog, plan.id, relocated);
  const writer = new ManifestRewriter(join(plan.folder, 'metadata'), map);
  const next: TableMetadata = {
    ...relocated,
    'last-updated-ms': now,
    snapshots: metadata.snapshots.map((snapshot) => writer.snapshot(snapshot)),
    'metadata-log': [
      ...metadata['metadata-log'].map((entry) => ({
        ...entry,
        'metadata-file': map(entry['metadata-file']),
      })),
      { 'metadata-file': plan.copiedMetadataLocation, 'timestamp-ms': now },
    ],
  };
  const location = writeMetadataFile(next, plan.copiedMetadataLocation);
  if (!catalog.swapMetadataLocation(plan.id, plan.fromMetadataLocation, location))
    throw changedMeanwhile(plan.id);
  return location;
}

/** Writes rewritten manifests once each (snapshots share manifests) and one list per snapshot. */
class ManifestRewriter {
  private readonly manifests = new Map<string, { path: string; length: number }>();
  private readonly batch = randomUUID();

  constructor(
    private readonly folder: string,
    private readonly map: LocationMap,
  ) {}

  snapshot(snapshot: Snapshot): Snapshot {
    const copied = readFileSync(fromUri(this.map(snapshot['manifest-list'])));
    const list = rewriteAvroRecords(copied, (record) => {
      const manifest = this.manifest(String(record['manifest_path']));
      return { ...record, manifest_path: manifest.path, manifest_length: manifest.length };
    });
    const path = join(this.folder, `snap-${snapshot['snapshot-id']}-1-${this.batch}.avro`);
    writeFileSync(path, list);
    return { ...snapshot, 'manifest-list': toUri(path) };
  }

  private manifest(location: string): { path: string; length: number } {
    const done = this.manifests.get(location);
    if (done) return done;
    const copied = readFileSync(fromUri(this.map(location)));
    const bytes = rewriteAvroRecords(copied, (entry) => {
      const dataFile = entry['data_file'] as Record<string, unknown>;
      return { ...entry, data_file: { ...dataFile, file_path: this.map(String(dataFile['file_path'])) } };
    });
    const path = join(this.folder, `${this.batch}-m${this.manifests.size}.avro`);
    writeFileSync(path, bytes);
    const written = { path: toUri(path), length: bytes.length };
    this.manifests.set(location, written);
    return written;
  }
}

function requireCopy(id: TableIdentifier, original: string, copied: string): void {
  if (existsSync(fromUri(copied))) return;
  throw new LdpError({
    code: 'LDP562',
    message: `cannot relocate table ${[...id.namespace, id.name].join('.')}: its file ${fromUri(original)} has no copy at ${fromUri(copied)}`,
    hint: 'Copy the whole project folder including its warehouse (e.g. `cp -r`), or name the folder the files were copied from with `--from`. Nothing was changed.',
  });
}

function changedMeanwhile(id: TableIdentifier): LdpError {
  return new LdpError({
    code: 'LDP563',
    message: `table ${[...id.namespace, id.name].join('.')} was changed by another writer while it was being relocated`,
    hint: 'Run `ldp relocate` again; tables already relocated are skipped.',
  });
}
