import { LdpError } from '../../errors/index.js';
import type {
  NestedField,
  PartitionField,
  PartitionSpec,
  Schema,
  Snapshot,
  SnapshotRef,
  TableMetadata,
} from '../types.js';

type SortOrder = TableMetadata['sort-orders'][number];

/** A branch or tag as a commit sets it (retention settings are kept as given). */
export interface RefUpdate extends SnapshotRef {
  readonly 'max-snapshot-age-ms'?: number;
  readonly 'min-snapshots-to-keep'?: number;
}

/**
 * One change of table metadata, as the Iceberg REST spec's `TableUpdate` names it. Ids given as
 * -1 (`set-current-schema`, `set-default-spec`, `set-default-sort-order`) mean "the one added
 * earlier in the same commit".
 */
export type TableUpdate =
  | { readonly action: 'assign-uuid'; readonly uuid: string }
  | { readonly action: 'upgrade-format-version'; readonly formatVersion: number }
  | { readonly action: 'add-schema'; readonly schema: Omit<Schema, 'schema-id'> & { 'schema-id'?: number } }
  | { readonly action: 'set-current-schema'; readonly schemaId: number }
  | { readonly action: 'add-spec'; readonly spec: AddedSpec }
  | { readonly action: 'set-default-spec'; readonly specId: number }
  | { readonly action: 'add-sort-order'; readonly sortOrder: SortOrder }
  | { readonly action: 'set-default-sort-order'; readonly sortOrderId: number }
  | { readonly action: 'add-snapshot'; readonly snapshot: Snapshot }
  | { readonly action: 'set-snapshot-ref'; readonly refName: string; readonly ref: RefUpdate }
  | { readonly action: 'remove-snapshots'; readonly snapshotIds: readonly bigint[] }
  | { readonly action: 'remove-snapshot-ref'; readonly refName: string }
  | { readonly action: 'set-location'; readonly location: string }
  | { readonly action: 'set-properties'; readonly updates: Readonly<Record<string, string>> }
  | { readonly action: 'remove-properties'; readonly removals: readonly string[] };

/** A partition spec as a client sends it: field ids and the spec id may be left to the table. */
export interface AddedSpec {
  readonly 'spec-id'?: number;
  readonly fields: readonly (Omit<PartitionField, 'field-id'> & { 'field-id'?: number })[];
}

/** Ids added by earlier updates of the same commit, for the `-1` references. */
interface Added {
  schemaId?: number;
  specId?: number;
  sortOrderId?: number;
  readonly snapshots: Set<bigint>;
}

/**
 * Applies the updates in order, as Iceberg's metadata builder does: new schemas, specs and sort
 * orders take the next free id (an identical one is reused), `main` moves the current snapshot
 * and the snapshot log, a new snapshot must advance the sequence number. An update that cannot
 * apply is `LDP802` and nothing is changed.
 */
export function applyTableUpdates(
  base: TableMetadata,
  updates: readonly TableUpdate[],
  now: number,
): TableMetadata {
  const added: Added = { snapshots: new Set() };
  let metadata = base;
  for (const update of updates) metadata = applyOne(metadata, update, added, now);
  return metadata;
}

function applyOne(metadata: TableMetadata, update: TableUpdate, added: Added, now: number): TableMetadata {
  switch (update.action) {
    case 'assign-uuid':
      return { ...metadata, 'table-uuid': update.uuid };
    case 'upgrade-format-version':
      return upgradeFormatVersion(metadata, update.formatVersion);
    case 'add-schema':
      return addSchema(metadata, update.schema, added);
    case 'set-current-schema': {
      const id = resolveLast(update.schemaId, added.schemaId, 'schema');
      if (!metadata.schemas.some((s) => s['schema-id'] === id)) throw invalid(`schema ${id} does not exist`);
      return { ...metadata, 'current-schema-id': id };
    }
    case 'add-spec':
      return addSpec(metadata, update.spec, added);
    case 'set-default-spec': {
      const id = resolveLast(update.specId, added.specId, 'partition spec');
      if (!metadata['partition-specs'].some((s) => s['spec-id'] === id))
        throw invalid(`partition spec ${id} does not exist`);
      return { ...metadata, 'default-spec-id': id };
    }
    case 'add-sort-order':
      return addSortOrder(metadata, update.sortOrder, added);
    case 'set-default-sort-order': {
      const id = resolveLast(update.sortOrderId, added.sortOrderId, 'sort order');
      if (!metadata['sort-orders'].some((o) => o['order-id'] === id))
        throw invalid(`sort order ${id} does not exist`);
      return { ...metadata, 'default-sort-order-id': id };
    }
    case 'add-snapshot':
      return addSnapshot(metadata, update.snapshot, added);
    case 'set-snapshot-ref':
      return setRef(metadata, update.refName, update.ref, added, now);
    case 'remove-snapshots':
      return removeSnapshots(metadata, new Set(update.snapshotIds));
    case 'remove-snapshot-ref':
      return removeRef(metadata, update.refName);
    case 'set-location':
      return { ...metadata, location: update.location.replace(/\/+$/, '') };
    case 'set-properties':
      return { ...metadata, properties: { ...metadata.properties, ...update.updates } };
    case 'remove-properties': {
      const removed = new Set(update.removals);
      const kept = Object.entries(metadata.properties).filter(([key]) => !removed.has(key));
      return { ...metadata, properties: Object.fromEntries(kept) };
    }
  }
}

function upgradeFormatVersion(metadata: TableMetadata, version: number): TableMetadata {
  if (version === metadata['format-version']) return metadata;
  if (version < metadata['format-version'])
    throw invalid(`cannot downgrade format-version ${metadata['format-version']} to ${version}`);
  if (version !== 2)
    throw invalid(`format-version ${version} is not supported (ldp writes format-version 2)`);
  return { ...metadata, 'format-version': 2 };
}

function addSchema(metadata: TableMetadata, schema: Omit<Schema, 'schema-id'>, added: Added): TableMetadata {
  const same = metadata.schemas.find((s) =>
    sameJson(withoutId(s, 'schema-id'), withoutId(schema, 'schema-id')),
  );
  if (same) {
    added.schemaId = same['schema-id'];
    return metadata;
  }
  const id = nextId(metadata.schemas.map((s) => s['schema-id']));
  added.schemaId = id;
  const highest = Math.max(metadata['last-column-id'], ...fieldIds(schema.fields));
  return {
    ...metadata,
    schemas: [...metadata.schemas, { ...schema, 'schema-id': id }],
    'last-column-id': highest,
  };
}

function addSpec(metadata: TableMetadata, spec: AddedSpec, added: Added): TableMetadata {
  let lastPartitionId = metadata['last-partition-id'];
  const fields = spec.fields.map((field) => {
    const fieldId = field['field-id'] ?? ++lastPartitionId;
    lastPartitionId = Math.max(lastPartitionId, fieldId);
    return { ...field, 'field-id': fieldId } as PartitionField;
  });
  const same = metadata['partition-specs'].find((s) => sameJson(s.fields, fields));
  if (same) {
    added.specId = same['spec-id'];
    return metadata;
  }
  const id = nextId(metadata['partition-specs'].map((s) => s['spec-id']));
  added.specId = id;
  const next: PartitionSpec = { 'spec-id': id, fields };
  return {
    ...metadata,
    'partition-specs': [...metadata['partition-specs'], next],
    'last-partition-id': lastPartitionId,
  };
}

function addSortOrder(metadata: TableMetadata, order: SortOrder, added: Added): TableMetadata {
  const same = metadata['sort-orders'].find((o) => sameJson(o.fields, order.fields));
  if (same) {
    added.sortOrderId = same['order-id'];
    return metadata;
  }
  // Order id 0 is reserved for "unsorted".
  const id =
    order.fields.length === 0 ? 0 : Math.max(1, nextId(metadata['sort-orders'].map((o) => o['order-id'])));
  added.sortOrderId = id;
  return { ...metadata, 'sort-orders': [...metadata['sort-orders'], { ...order, 'order-id': id }] };
}

function addSnapshot(metadata: TableMetadata, snapshot: Snapshot, added: Added): TableMetadata {
  const id = snapshot['snapshot-id'];
  if (metadata.snapshots.some((s) => s['snapshot-id'] === id)) throw invalid(`snapshot ${id} already exists`);
  const sequence = snapshot['sequence-number'];
  // As Iceberg's builder: a child snapshot must come after every snapshot the table has seen.
  const parent = snapshot['parent-snapshot-id'];
  if (metadata['format-version'] > 1 && parent !== undefined && sequence <= metadata['last-sequence-number'])
    throw invalid(
      `snapshot ${id} has sequence number ${sequence}, not above the table's last sequence number ${metadata['last-sequence-number']}`,
    );
  added.snapshots.add(id);
  return {
    ...metadata,
    snapshots: [...metadata.snapshots, snapshot],
    'last-sequence-number': Math.max(metadata['last-sequence-number'], sequence),
  };
}

function setRef(
  metadata: TableMetadata,
  name: string,
  ref: RefUpdate,
  added: Added,
  now: number,
): TableMetadata {
  const snapshot = metadata.snapshots.find((s) => s['snapshot-id'] === ref['snapshot-id']);
  if (!snapshot) throw invalid(`cannot set ${name} to unknown snapshot ${ref['snapshot-id']}`);
  if (metadata.refs[name] && sameJson(metadata.refs[name], ref)) return metadata;
  const refs = { ...metadata.refs, [name]: ref };
  if (name !== 'main') return { ...metadata, refs };
  // A snapshot added in this commit enters the log at its own time, an older one now.
  const timestamp = added.snapshots.has(snapshot['snapshot-id']) ? snapshot['timestamp-ms'] : now;
  return {
    ...metadata,
    refs,
    'current-snapshot-id': snapshot['snapshot-id'],
    'snapshot-log': [
      ...metadata['snapshot-log'],
      { 'snapshot-id': snapshot['snapshot-id'], 'timestamp-ms': timestamp },
    ],
  };
}

function removeSnapshots(metadata: TableMetadata, ids: ReadonlySet<bigint>): TableMetadata {
  const refs = Object.fromEntries(
    Object.entries(metadata.refs).filter(([, ref]) => !ids.has(ref['snapshot-id'])),
  );
  const current = metadata['current-snapshot-id'];
  return {
    ...metadata,
    snapshots: metadata.snapshots.filter((s) => !ids.has(s['snapshot-id'])),
    'snapshot-log': metadata['snapshot-log'].filter((entry) => !ids.has(entry['snapshot-id'])),
    refs,
    'current-snapshot-id': current !== undefined && !ids.has(current) ? current : undefined,
  };
}

function removeRef(metadata: TableMetadata, name: string): TableMetadata {
  if (!(name in metadata.refs)) return metadata;
  const refs = Object.fromEntries(Object.entries(metadata.refs).filter(([key]) => key !== name));
  return name === 'main' ? { ...metadata, refs, 'current-snapshot-id': undefined } : { ...metadata, refs };
}

function resolveLast(id: number, last: number | undefined, what: string): number {
  if (id !== -1) return id;
  if (last === undefined) throw invalid(`-1 names the last added ${what}, but this commit adds none`);
  return last;
}

function nextId(ids: readonly number[]): number {
  return ids.length === 0 ? 0 : Math.max(...ids) + 1;
}

function fieldIds(fields: readonly NestedField[]): number[] {
  return fields.flatMap((field) => [field.id, ...nestedIds(field.type)]);
}

function nestedIds(type: NestedField['type']): number[] {
  if (typeof type === 'string') return [];
  switch (type.type) {
    case 'struct':
      return fieldIds(type.fields);
    case 'list':
      return [type['element-id'], ...nestedIds(type.element)];
    case 'map':
      return [type['key-id'], type['value-id'], ...nestedIds(type.key), ...nestedIds(type.value)];
  }
}

function withoutId<T extends object>(value: T, key: string): object {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, bigintAsText) === JSON.stringify(b, bigintAsText);
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function invalid(message: string): LdpError {
  return new LdpError({
    code: 'LDP802',
    message: `invalid table update: ${message}`,
    hint: 'Load the table again and rebuild the change from its current metadata.',
  });
}
