import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromUri, IcebergTable, liveFiles, toUri } from '../../src/iceberg/index.js';
import { encodeManifestList, readManifestList } from '../../src/iceberg/manifest-io.js';
import { appendChanges, buildSnapshot } from '../../src/iceberg/snapshot-changes.js';
import { readAvro } from './spec-planner.js';
import { newWarehouse, type Warehouse } from './support.js';

/**
 * Every partition transform ldp writes, each checked against the spec by reading the manifest
 * list and manifests with icebird's Avro decoder: the summary of each partition field holds
 * `contains_null`, `contains_nan` and the bounds of the other values, serialized as the
 * transform's result type (spec, "Partition Transforms" and Appendix D).
 */
const ROWS = `SELECT i::INTEGER AS i, (i * 1000000000)::BIGINT AS l, ('s' || i || '-ü')::VARCHAR AS s,
    i % 2 = 0 AS b, (i / 4 - 1)::FLOAT AS f, CASE WHEN i = 3 THEN 'NaN'::DOUBLE ELSE i / 4 - 1 END AS d,
    DATE '1969-12-30' + i::INTEGER AS dt, TIME '10:00:00' + to_seconds(i::INTEGER) AS t,
    TIMESTAMP '1969-12-31 22:00:00' + to_hours((i * 7)::INTEGER) AS ts,
    TIMESTAMPTZ '2024-01-31 20:00:00+00' + to_hours((i * 7)::INTEGER) AS tz,
    ('\\x0' || i || '\\xFF')::BLOB AS bin
  FROM range(OFFSET, OFFSET + 4) r(i)
  UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL`;

type Case = readonly [column: string, transform: string, resultType: string];
const CASES: readonly Case[] = [
  ['i', 'identity', 'int'],
  ['l', 'identity', 'long'],
  ['s', 'identity', 'string'],
  ['b', 'identity', 'boolean'],
  ['f', 'identity', 'float'],
  ['d', 'identity', 'double'],
  ['dt', 'identity', 'date'],
  ['t', 'identity', 'time'],
  ['ts', 'identity', 'timestamp'],
  ['tz', 'identity', 'timestamptz'],
  ['bin', 'identity', 'binary'],
  ['dt', 'year', 'int'],
  ['ts', 'month', 'int'],
  ['tz', 'day', 'date'],
  ['dt', 'day', 'date'],
  ['ts', 'hour', 'int'],
  ['i', 'bucket[4]', 'int'],
  ['s', 'bucket[3]', 'int'],
  ['s', 'truncate[1]', 'string'],
  ['l', 'truncate[3]', 'long'],
  ['i', 'truncate[5]', 'int'],
];

let wh: Warehouse;

beforeAll(async () => {
  wh = await newWarehouse();
  // icebird warns on logical types it does not know (time-micros); the values still decode.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('manifest list partition summaries', () => {
  it.each(CASES)(
    '%s %s: bounds of the %s values, null and NaN flags',
    async (column, transform, resultType) => {
      const table = await IcebergTable.create(
        wh.catalog,
        { namespace: ['summaries'], name: `${column}_${transform.replace(/\W/g, '_')}` },
        {
          conn: wh.conn,
          sql: ROWS.replaceAll('OFFSET', '0'),
          partitionBy: [{ column, transform: transform as never }],
        },
      );
      await table.append(wh.conn, ROWS.replaceAll('OFFSET', '0'));
      // A second manifest whose values partly differ, and one without any null.
      await table.append(
        wh.conn,
        `SELECT * FROM (${ROWS.replaceAll('OFFSET', '2')}) WHERE ${column} IS NOT NULL`,
      );
      const manifests = readAvro(table.currentSnapshot!['manifest-list']);
      expect(manifests).toHaveLength(2);
      const name = table.metadata['partition-specs'][0]!.fields[0]!.name;
      for (const manifest of manifests) {
        const values = readAvro(String(manifest['manifest_path'])).map(
          (e) => (e['data_file'] as Record<string, Record<string, unknown>>)['partition']![name],
        );
        const present = values
          .filter((v) => v !== null && v !== undefined)
          .map((v) => normalize(resultType, v));
        const ordered = present.filter((v) => !Number.isNaN(v)).sort(compare);
        const [summary] = manifest['partitions'] as Record<string, unknown>[];
        expect(summary!['contains_null']).toBe(values.some((v) => v === null || v === undefined));
        expect(summary!['contains_nan']).toBe(present.some((v) => Number.isNaN(v)));
        expect(ordered.length).toBeGreaterThan(0);
        expect(decode(resultType, summary!['lower_bound'] as Uint8Array)).toEqual(ordered[0]);
        expect(decode(resultType, summary!['upper_bound'] as Uint8Array)).toEqual(ordered.at(-1));
      }
    },
  );

  it('types a day partition as date, the spec’s result type', async () => {
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['summaries'], name: 'day_type' },
      {
        conn: wh.conn,
        sql: ROWS.replaceAll('OFFSET', '0'),
        partitionBy: [{ column: 'ts', transform: 'day' }],
      },
    );
    await table.append(wh.conn, ROWS.replaceAll('OFFSET', '0'));
    const [manifest] = readAvro(table.currentSnapshot!['manifest-list']);
    const [entry] = readAvro(String(manifest!['manifest_path']));
    const partition = (entry!['data_file'] as Record<string, Record<string, unknown>>)['partition']!;
    // icebird decodes Avro `int` with logicalType `date` as a Date; a plain int stays a number.
    expect(Object.values(partition).every((v) => v === null || v instanceof Date)).toBe(true);
  });

  it('gives kept manifests the bounds older ldp versions left out of their summaries', async () => {
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['summaries'], name: 'repaired' },
      {
        conn: wh.conn,
        sql: ROWS.replaceAll('OFFSET', '0'),
        partitionBy: [{ column: 'ts', transform: 'day' }],
      },
    );
    await table.append(wh.conn, ROWS.replaceAll('OFFSET', '0'));
    const snapshot = table.currentSnapshot!;
    const [manifest] = readManifestList(snapshot['manifest-list']);
    // As ldp wrote summaries before: no bounds, and contains_null alone.
    const stale = { ...manifest!, partitions: [{ containsNull: true }] };
    const list = join(fromUri(table.metadata.location), 'metadata', 'snap-stale.avro');
    writeFileSync(
      list,
      encodeManifestList([stale], { snapshotId: snapshot['snapshot-id'], sequenceNumber: 1 }),
    );
    const current = table.metadata['current-snapshot-id'];
    const base = {
      ...table.metadata,
      snapshots: table.metadata.snapshots.map((s) =>
        s['snapshot-id'] === current ? { ...s, 'manifest-list': toUri(list) } : s,
      ),
    };
    const added = liveFiles(snapshot).map((f) => f.entry.dataFile);
    const { metadata } = buildSnapshot(base, 99n, 'append', appendChanges(base, added), {}, 1);
    const written = readAvro(metadata.snapshots.at(-1)!['manifest-list']);
    const kept = written.find((m) => m['manifest_path'] === manifest!.manifestPath)!;
    const [summary] = kept['partitions'] as Record<string, Uint8Array | boolean>[];
    expect(summary!['contains_null']).toBe(true);
    expect(decode('date', summary!['lower_bound'] as Uint8Array)).toBe(-1);
    expect(decode('date', summary!['upper_bound'] as Uint8Array)).toBe(0);
  });
});

type Value = number | bigint | string | boolean;

/** A partition value as icebird returns it, in the same form `decode` gives a bound. */
function normalize(resultType: string, value: unknown): Value {
  if (value instanceof Date)
    return resultType === 'date' ? Math.round(value.getTime() / 86_400_000) : BigInt(value.getTime()) * 1000n;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (resultType === 'long' || resultType === 'time') return BigInt(value as number);
  return value as Value;
}

/** Appendix D, written from the spec. */
function decode(resultType: string, bytes: Uint8Array): Value {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (resultType) {
    case 'boolean':
      return bytes[0] !== 0;
    case 'int':
    case 'date':
      return view.getInt32(0, true);
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return view.getBigInt64(0, true);
    case 'float':
      return view.getFloat32(0, true);
    case 'double':
      return view.getFloat64(0, true);
    case 'string':
      return new TextDecoder().decode(bytes);
    case 'binary':
      return Buffer.from(bytes).toString('hex');
    default:
      throw new Error(`no decoder for ${resultType}`);
  }
}

function compare(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}
