import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LdpError } from '../../errors/index.js';
import type { IcebergCatalogPort, TableIdentifier } from '../../model/iceberg-catalog-port.js';
import { commitWithRetry, type LoadedMetadata, loadMetadata, writeMetadataFile } from '../commit.js';
import { fromUri, toUri } from '../paths.js';
import type { TableMetadata } from '../types.js';
import { failedRequirement, type TableRequirement } from './table-requirements.js';
import { applyTableUpdates, type TableUpdate } from './table-updates.js';

/** A commit as another engine sends it: assertions about the base, then the changes. */
export interface TableChange {
  readonly requirements: readonly TableRequirement[];
  readonly updates: readonly TableUpdate[];
}

/**
 * Commits another engine's change through the same compare-and-swap as ldp's own writes. A
 * failed requirement is `LDP804`; a lost race is retried on the fresh metadata while the
 * requirements still hold and the updates still apply, else it is ldp's commit conflict
 * (`LDP520`). With `assert-create` the table is created from the updates (a create transaction).
 */
export function commitTableChange(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  change: TableChange,
  now: () => number = Date.now,
): LoadedMetadata {
  const loaded = loadMetadata(catalog, id);
  const failed = failedRequirement(loaded?.metadata, change.requirements);
  if (failed !== undefined) throw requirementFailed(id, failed);
  if (loaded === undefined) return createTableFromUpdates(catalog, id, change.updates, now);
  const build = (base: TableMetadata) => withMetadataFolder(applyTableUpdates(base, change.updates, now()));
  const rebase = (fresh: TableMetadata) =>
    failedRequirement(fresh, change.requirements) ?? cannotApply(fresh, change.updates, now());
  return commitWithRetry(catalog, id, loaded, build, rebase, now);
}

/**
 * The first metadata of a table built from updates alone (add-schema, add-spec, set-location…),
 * written and registered; `LDP502` when the name is taken.
 */
export function createTableFromUpdates(
  catalog: IcebergCatalogPort,
  id: TableIdentifier,
  updates: readonly TableUpdate[],
  now: () => number = Date.now,
): LoadedMetadata {
  const metadata = withMetadataFolder(stageTableFromUpdates(catalog.warehousePath, id, updates, now()));
  const location = writeMetadataFile(metadata);
  catalog.registerTable(id, location);
  return { location, metadata };
}

/**
 * The metadata a new table would have, without writing anything: the default location is
 * `<warehouse>/<namespace…>/<name>`; without a spec or sort order the table is unpartitioned
 * and unsorted.
 */
export function stageTableFromUpdates(
  warehousePath: string,
  id: TableIdentifier,
  updates: readonly TableUpdate[],
  timestamp: number,
): TableMetadata {
  const empty: TableMetadata = {
    'format-version': 2,
    'table-uuid': randomUUID(),
    location: toUri(join(warehousePath, ...id.namespace, id.name)),
    'last-sequence-number': 0,
    'last-updated-ms': timestamp,
    'last-column-id': 0,
    schemas: [],
    'current-schema-id': -1,
    'partition-specs': [],
    'default-spec-id': -1,
    'last-partition-id': 999,
    properties: {},
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    'sort-orders': [],
    'default-sort-order-id': -1,
    refs: {},
  };
  const applied = applyTableUpdates(empty, updates, timestamp);
  // A table without a spec or sort order of its own is unpartitioned and unsorted.
  const defaults: TableUpdate[] = [
    ...(applied['partition-specs'].length === 0
      ? [{ action: 'add-spec' as const, spec: { fields: [] } }]
      : []),
    ...(applied['sort-orders'].length === 0
      ? [{ action: 'add-sort-order' as const, sortOrder: { 'order-id': 0, fields: [] } }]
      : []),
  ];
  const built = applyTableUpdates(applied, defaults, timestamp);
  if (!built.schemas.some((s) => s['schema-id'] === built['current-schema-id']))
    throw new LdpError({
      code: 'LDP802',
      message: `invalid table update: new table ${label(id)} has no current schema`,
      hint: 'Send add-schema and set-current-schema when creating a table.',
    });
  return assertLocal({
    ...built,
    'default-spec-id': built['default-spec-id'] === -1 ? 0 : built['default-spec-id'],
    'default-sort-order-id': built['default-sort-order-id'] === -1 ? 0 : built['default-sort-order-id'],
  });
}

/** ldp writes metadata next to the table's files, so only local locations can be served. */
function assertLocal(metadata: TableMetadata): TableMetadata {
  if (!metadata.location.startsWith('file:/') && !metadata.location.startsWith('/'))
    throw new LdpError({
      code: 'LDP802',
      message: `invalid table update: location ${metadata.location} is not a local file:// location`,
      hint: 'ldp keeps tables on the local (or a shared) file system; use a file:// location.',
    });
  return metadata;
}

function withMetadataFolder(metadata: TableMetadata): TableMetadata {
  assertLocal(metadata);
  mkdirSync(join(fromUri(metadata.location), 'metadata'), { recursive: true });
  return metadata;
}

function cannotApply(fresh: TableMetadata, updates: readonly TableUpdate[], now: number): string | undefined {
  try {
    applyTableUpdates(fresh, updates, now);
    return undefined;
  } catch (error) {
    if (error instanceof LdpError) return error.message;
    throw error;
  }
}

function requirementFailed(id: TableIdentifier, reason: string): LdpError {
  return new LdpError({
    code: 'LDP804',
    message: `commit to ${label(id)} refused: requirement failed: ${reason}`,
    hint: 'Another writer changed the table first. Load it again and retry the commit.',
  });
}

function label(id: TableIdentifier): string {
  return [...id.namespace, id.name].join('.');
}
