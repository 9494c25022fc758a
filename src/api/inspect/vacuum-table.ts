import { existsSync, statSync } from 'node:fs';
import { findOrphanFiles, fromUri, type IcebergTable, planExpiry } from '../../iceberg/index.js';

/** How much history one vacuum keeps, as absolute times. */
export interface VacuumSettings {
  /** Snapshots committed before this time (ms since epoch) expire… */
  readonly expireBeforeMs: number;
  /** …except the newest `retainLast` (and the current and tagged ones). */
  readonly retainLast: number;
  /** Unreferenced files last written before this time are orphans to delete. */
  readonly orphansBeforeMs: number;
  /** Report what would go, delete nothing. */
  readonly dryRun: boolean;
}

/** What vacuum did (or, in a dry run, would do) to one table. */
export interface VacuumTableResult {
  /** `bronze.bronze_trips`. */
  readonly table: string;
  readonly expiredSnapshots: number;
  /** Data files, manifests and manifest lists that only expired snapshots reached. */
  readonly expiredFiles: number;
  /** Files no metadata references (left by killed writes), older than the orphan window. */
  readonly orphanFiles: number;
  /** Bytes those files took. */
  readonly freedBytes: number;
}

/**
 * Expires the table's old snapshots, then deletes its orphan files. The plan is computed first
 * (it is the whole answer of a dry run); a real run then commits the expiry before deleting
 * anything, through `IcebergTable`, so a file a kept snapshot reads is never touched.
 */
export function vacuumTable(table: IcebergTable, label: string, settings: VacuumSettings): VacuumTableResult {
  const expireOptions = { olderThanMs: settings.expireBeforeMs, retainLast: settings.retainLast };
  const plan = planExpiry(table.metadata, expireOptions);
  const expiredPaths = plan.files.map(fromUri);
  const orphansBefore = { olderThanMs: settings.orphansBeforeMs };
  if (settings.dryRun) {
    const orphans = findOrphanFiles(table.metadata, table.metadataLocation, orphansBefore);
    return {
      table: label,
      expiredSnapshots: plan.expired.length,
      expiredFiles: expiredPaths.length,
      orphanFiles: orphans.length,
      freedBytes: sizeOf([...expiredPaths, ...orphans]),
    };
  }
  const plannedBytes = sizesOf(expiredPaths);
  const expired = table.expireSnapshots(expireOptions);
  const orphanSizes = sizesOf(findOrphanFiles(table.metadata, table.metadataLocation, orphansBefore));
  const orphans = table.removeOrphanFiles(orphansBefore);
  return {
    table: label,
    expiredSnapshots: expired.expiredSnapshots,
    expiredFiles: expired.deletedFiles,
    orphanFiles: orphans.length,
    freedBytes: gone(plannedBytes) + gone(orphanSizes),
  };
}

function sizesOf(paths: readonly string[]): Map<string, number> {
  return new Map(paths.map((path) => [path, statSync(path, { throwIfNoEntry: false })?.size ?? 0]));
}

function sizeOf(paths: readonly string[]): number {
  let total = 0;
  for (const size of sizesOf(paths).values()) total += size;
  return total;
}

/** Bytes of the measured files that no longer exist. */
function gone(sizes: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const [path, size] of sizes) if (!existsSync(path)) total += size;
  return total;
}
