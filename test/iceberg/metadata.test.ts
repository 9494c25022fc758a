import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fromUri,
  IcebergTable,
  liveFiles,
  parseMetadata,
  stringifyMetadata,
  toUri,
} from '../../src/iceberg/index.js';
import { encodeManifestList, readManifestList } from '../../src/iceberg/manifest-io.js';
import { newWarehouse } from './support.js';

describe('table metadata', () => {
  it('keeps snapshot ids above 2^53 exact through parse and write', () => {
    const text = JSON.stringify({
      'format-version': 2,
      'table-uuid': 'u',
      location: 'file:///t',
      'last-sequence-number': 1,
      'last-updated-ms': 1,
      'last-column-id': 1,
      schemas: [
        { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'a', required: false, type: 'int' }] },
      ],
      'current-schema-id': 0,
      'partition-specs': [{ 'spec-id': 0, fields: [] }],
      'default-spec-id': 0,
      'last-partition-id': 999,
      'current-snapshot-id': 0,
      snapshots: [],
    }).replace('"current-snapshot-id":0', '"current-snapshot-id":9007199254740993123');
    const metadata = parseMetadata(text);
    expect(metadata['current-snapshot-id']).toBe(9007199254740993123n);
    expect(stringifyMetadata(metadata)).toContain('"current-snapshot-id": 9007199254740993123');
  });

  it('writes ids nested anywhere as numbers, and strings that look like its bigint mark as strings', () => {
    const text = `{"format-version": 2, "table-uuid": "u", "location": "file:///t",
      "last-sequence-number": 2, "last-updated-ms": 1, "last-column-id": 1,
      "schemas": [{"type": "struct", "schema-id": 0, "fields": []}], "current-schema-id": 0,
      "partition-specs": [{"spec-id": 0, "fields": []}], "default-spec-id": 0,
      "current-snapshot-id": -9007199254740993123,
      "snapshots": [{"snapshot-id": 12, "parent-snapshot-id": 9007199254740993124,
        "sequence-number": 2, "timestamp-ms": 1, "manifest-list": "file:///t/l.avro",
        "summary": {"operation": "append"}}],
      "refs": {"main": {"snapshot-id": -9007199254740993123, "type": "branch"}},
      "statistics": [{"snapshot-id": 12, "statistics-path": "s", "file-size-in-bytes": 3}],
      "properties": {"note": "\\u0000ldp-bigint:5", "\\u0000ldp-bigint:6": "key"}}`;
    const metadata = parseMetadata(text);
    expect(metadata.snapshots[0]!['parent-snapshot-id']).toBe(9007199254740993124n);
    expect(metadata.refs['main']!['snapshot-id']).toBe(-9007199254740993123n);
    const written = stringifyMetadata(metadata);
    expect(written).toContain('"snapshot-id": -9007199254740993123');
    expect(written).toContain('"parent-snapshot-id": 9007199254740993124');
    expect(parseMetadata(written)).toStrictEqual(metadata);
    expect(JSON.parse(written).properties).toStrictEqual({
      note: '\u0000ldp-bigint:5',
      '\u0000ldp-bigint:6': 'key',
    });
  });

  it('reads v1 metadata (single schema and partition spec) as v2', () => {
    const metadata = parseMetadata(
      JSON.stringify({
        'format-version': 1,
        'table-uuid': 'u',
        location: 'file:///t',
        'last-updated-ms': 1,
        'last-column-id': 2,
        schema: { type: 'struct', fields: [{ id: 1, name: 'a', required: false, type: 'int' }] },
        'partition-spec': [{ 'source-id': 1, 'field-id': 1000, name: 'a', transform: 'identity' }],
        properties: {},
        'current-snapshot-id': -1,
        snapshots: [],
      }),
    );
    expect(metadata.schemas[0]?.fields.map((f) => f.name)).toEqual(['a']);
    expect(metadata['partition-specs'][0]?.fields.length).toBe(1);
    expect(metadata['current-snapshot-id']).toBeUndefined();
  });

  it('stores ldp metadata as table properties', async () => {
    const wh = await newWarehouse();
    const id = { namespace: ['gold'], name: 'm' };
    const table = await IcebergTable.create(wh.catalog, id, {
      conn: wh.conn,
      sql: 'SELECT 1 AS a',
      properties: { 'ldp.model': 'model.shop.m', 'ldp.layer': 'gold' },
    });
    table.setProperties({ 'ldp.sql-fingerprint': 'abc', 'ldp.description': 'Daily totals' });
    const reloaded = IcebergTable.load(wh.catalog, id)!;
    expect(reloaded.metadata.properties).toMatchObject({
      'ldp.model': 'model.shop.m',
      'ldp.layer': 'gold',
      'ldp.sql-fingerprint': 'abc',
      'ldp.description': 'Daily totals',
    });
    await reloaded.append(wh.conn, 'SELECT 2 AS a', { summary: { 'ldp.run-id': 'run-1' } });
    expect(reloaded.currentSnapshot?.summary['ldp.run-id']).toBe('run-1');
  });

  it('refuses to read a snapshot with merge-on-read delete files instead of returning deleted rows', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['m'], name: 'deletes' },
      { conn: wh.conn, sql: 'SELECT 1 AS a' },
    );
    await table.append(wh.conn, 'SELECT 1 AS a');
    const snapshot = table.currentSnapshot!;
    const manifests = readManifestList(snapshot['manifest-list']);
    const deletes = {
      ...manifests[0]!,
      manifestPath: `${table.metadata.location}/metadata/deletes.avro`,
      content: 1 as const,
    };
    const list = join(fromUri(table.metadata.location), 'metadata', 'snap-with-deletes.avro');
    writeFileSync(list, encodeManifestList([...manifests, deletes], { snapshotId: 7n, sequenceNumber: 2 }));
    expect(() => liveFiles({ ...snapshot, 'snapshot-id': 7n, 'manifest-list': toUri(list) })).toThrow(
      /snapshot 7 has row-level delete files/,
    );
    expect(liveFiles(snapshot).length).toBe(1);
  });
});
