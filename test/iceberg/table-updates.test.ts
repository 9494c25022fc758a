import { describe, expect, it } from 'vitest';
import {
  applyTableUpdates,
  commitTableChange,
  createTableFromUpdates,
  failedRequirement,
  type Schema,
  type Snapshot,
  type TableMetadata,
} from '../../src/iceberg/index.js';
import type { IcebergCatalogPort } from '../../src/model/iceberg-catalog-port.js';
import { newWarehouse } from './support.js';

const schema: Schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: false },
    { id: 2, name: 'day', type: 'date', required: false },
  ],
};

async function newTable(): Promise<{ catalog: IcebergCatalogPort; metadata: TableMetadata }> {
  const { catalog } = await newWarehouse();
  const { metadata } = createTableFromUpdates(catalog, { namespace: ['bronze'], name: 't' }, [
    { action: 'add-schema', schema },
    { action: 'set-current-schema', schemaId: -1 },
  ]);
  return { catalog, metadata };
}

function snapshot(id: bigint, sequence: number, parent?: bigint): Snapshot {
  return {
    'snapshot-id': id,
    ...(parent !== undefined ? { 'parent-snapshot-id': parent } : {}),
    'sequence-number': sequence,
    'timestamp-ms': 1_000 + sequence,
    'manifest-list': `file:///nowhere/snap-${id}.avro`,
    summary: { operation: 'append' },
  };
}

describe('table updates', () => {
  it('adds schemas and specs with fresh ids, reuses identical ones, and resolves -1', async () => {
    const { metadata } = await newTable();
    expect(metadata['last-column-id']).toBe(2);
    const wider: Schema = {
      ...schema,
      fields: [...schema.fields, { id: 3, name: 'note', type: 'string', required: false }],
    };
    const next = applyTableUpdates(
      metadata,
      [
        { action: 'add-schema', schema: wider },
        { action: 'set-current-schema', schemaId: -1 },
        { action: 'add-spec', spec: { fields: [{ 'source-id': 2, name: 'day_month', transform: 'month' }] } },
        { action: 'set-default-spec', specId: -1 },
        { action: 'add-schema', schema },
      ],
      5,
    );
    expect(next.schemas.map((s) => s['schema-id'])).toEqual([0, 1]);
    expect([next['current-schema-id'], next['last-column-id']]).toEqual([1, 3]);
    expect(next['partition-specs'].at(-1)).toEqual({
      'spec-id': 1,
      fields: [{ 'source-id': 2, 'field-id': 1000, name: 'day_month', transform: 'month' }],
    });
    expect([next['default-spec-id'], next['last-partition-id']]).toEqual([1, 1000]);
    expect(() => applyTableUpdates(metadata, [{ action: 'set-default-spec', specId: -1 }], 5)).toThrow(
      expect.objectContaining({ code: 'LDP802' }),
    );
  });

  it('moves main (current snapshot and log) but not a tag, and refuses an old sequence number', async () => {
    const { metadata } = await newTable();
    const one = applyTableUpdates(
      metadata,
      [
        { action: 'add-snapshot', snapshot: snapshot(11n, 1) },
        { action: 'set-snapshot-ref', refName: 'main', ref: { 'snapshot-id': 11n, type: 'branch' } },
      ],
      50,
    );
    expect(one['current-snapshot-id']).toBe(11n);
    expect(one['snapshot-log']).toEqual([{ 'snapshot-id': 11n, 'timestamp-ms': 1_001 }]);
    const tagged = applyTableUpdates(
      one,
      [{ action: 'set-snapshot-ref', refName: 'v1', ref: { 'snapshot-id': 11n, type: 'tag' } }],
      60,
    );
    expect([tagged['current-snapshot-id'], tagged['snapshot-log']]).toEqual([11n, one['snapshot-log']]);
    expect(() =>
      applyTableUpdates(one, [{ action: 'add-snapshot', snapshot: snapshot(12n, 1, 11n) }], 70),
    ).toThrow(/not above the table's last sequence number 1/);
    expect(() =>
      applyTableUpdates(
        one,
        [{ action: 'set-snapshot-ref', refName: 'main', ref: { 'snapshot-id': 99n, type: 'branch' } }],
        70,
      ),
    ).toThrow(/unknown snapshot 99/);
  });

  it('removes snapshots with the refs and log entries that point at them', async () => {
    const { metadata } = await newTable();
    const two = applyTableUpdates(
      metadata,
      [
        { action: 'add-snapshot', snapshot: snapshot(11n, 1) },
        { action: 'add-snapshot', snapshot: snapshot(12n, 2, 11n) },
        { action: 'set-snapshot-ref', refName: 'main', ref: { 'snapshot-id': 12n, type: 'branch' } },
        { action: 'set-snapshot-ref', refName: 'old', ref: { 'snapshot-id': 11n, type: 'tag' } },
      ],
      5,
    );
    const pruned = applyTableUpdates(two, [{ action: 'remove-snapshots', snapshotIds: [11n] }], 6);
    expect(pruned.snapshots.map((s) => s['snapshot-id'])).toEqual([12n]);
    expect(Object.keys(pruned.refs)).toEqual(['main']);
    const unreferenced = applyTableUpdates(pruned, [{ action: 'remove-snapshot-ref', refName: 'main' }], 7);
    expect(unreferenced['current-snapshot-id']).toBeUndefined();
  });

  it('sets and removes properties, moves the location, refuses format-version 3', async () => {
    const { metadata } = await newTable();
    const next = applyTableUpdates(
      metadata,
      [
        { action: 'set-properties', updates: { a: '1', b: '2' } },
        { action: 'remove-properties', removals: ['a'] },
        { action: 'set-location', location: 'file:///data/t/' },
        { action: 'assign-uuid', uuid: '6f1c0b1e-0000-4000-8000-000000000000' },
      ],
      5,
    );
    expect(next.properties).toEqual({ b: '2' });
    expect(next.location).toBe('file:///data/t');
    expect(next['table-uuid']).toBe('6f1c0b1e-0000-4000-8000-000000000000');
    expect(() =>
      applyTableUpdates(metadata, [{ action: 'upgrade-format-version', formatVersion: 3 }], 5),
    ).toThrow(/format-version 3 is not supported/);
  });
});

describe('table requirements', () => {
  it('names the first requirement the metadata breaks', async () => {
    const { metadata } = await newTable();
    expect(
      failedRequirement(metadata, [{ type: 'assert-current-schema-id', currentSchemaId: 0 }]),
    ).toBeUndefined();
    expect(failedRequirement(metadata, [{ type: 'assert-ref-snapshot-id', ref: 'main' }])).toBeUndefined();
    expect(
      failedRequirement(metadata, [{ type: 'assert-ref-snapshot-id', ref: 'main', snapshotId: 5n }]),
    ).toBe('branch or tag main is at no snapshot, expected 5');
    expect(failedRequirement(metadata, [{ type: 'assert-create' }])).toBe('the table already exists');
    expect(failedRequirement(undefined, [{ type: 'assert-create' }])).toBeUndefined();
    expect(
      failedRequirement(metadata, [{ type: 'assert-last-assigned-field-id', lastAssignedFieldId: 1 }]),
    ).toMatch(/last assigned field id is 2/);
    expect(
      failedRequirement(metadata, [{ type: 'assert-default-spec-id', defaultSpecId: 0 }]),
    ).toBeUndefined();
    expect(failedRequirement(metadata, [{ type: 'assert-table-uuid', uuid: 'other' }])).toMatch(/table uuid/);
  });
});

describe('commitTableChange', () => {
  /** A catalog in which another writer commits once, just before this writer's swap. */
  function racing(inner: IcebergCatalogPort, competitor: () => void): IcebergCatalogPort {
    let raced = false;
    return {
      catalogName: inner.catalogName,
      warehousePath: inner.warehousePath,
      currentMetadataLocation: (id) => inner.currentMetadataLocation(id),
      registerTable: (id, location) => inner.registerTable(id, location),
      swapMetadataLocation: (id, expected, next) => {
        if (!raced) {
          raced = true;
          competitor();
        }
        return inner.swapMetadataLocation(id, expected, next);
      },
    };
  }

  it('re-applies a change that lost the race while its requirements still hold', async () => {
    const { catalog, metadata } = await newTable();
    const id = { namespace: ['bronze'], name: 't' };
    const other = () =>
      commitTableChange(catalog, id, {
        requirements: [],
        updates: [{ action: 'set-properties', updates: { other: 'x' } }],
      });
    const committed = commitTableChange(racing(catalog, other), id, {
      requirements: [{ type: 'assert-table-uuid', uuid: metadata['table-uuid'] }],
      updates: [{ action: 'set-properties', updates: { mine: 'y' } }],
    });
    expect(committed.metadata.properties).toEqual({ other: 'x', mine: 'y' });
    expect(catalog.currentMetadataLocation(id)).toBe(committed.location);
    expect(committed.metadata['metadata-log']).toHaveLength(2);
  });

  it('fails with LDP520 when the winner breaks a requirement, leaving the winner in place', async () => {
    const { catalog } = await newTable();
    const id = { namespace: ['bronze'], name: 't' };
    const other = () =>
      commitTableChange(catalog, id, {
        requirements: [],
        updates: [
          { action: 'add-snapshot', snapshot: snapshot(21n, 1) },
          { action: 'set-snapshot-ref', refName: 'main', ref: { 'snapshot-id': 21n, type: 'branch' } },
        ],
      });
    expect(() =>
      commitTableChange(racing(catalog, other), id, {
        requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main' }],
        updates: [
          { action: 'add-snapshot', snapshot: snapshot(22n, 1) },
          { action: 'set-snapshot-ref', refName: 'main', ref: { 'snapshot-id': 22n, type: 'branch' } },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'LDP520' }));
    expect(
      commitTableChange(catalog, id, { requirements: [], updates: [] }).metadata['current-snapshot-id'],
    ).toBe(21n);
  });

  it('refuses a failed requirement up front with LDP804', async () => {
    const { catalog } = await newTable();
    expect(() =>
      commitTableChange(
        catalog,
        { namespace: ['bronze'], name: 't' },
        { requirements: [{ type: 'assert-create' }], updates: [] },
      ),
    ).toThrow(expect.objectContaining({ code: 'LDP804' }));
  });
});
