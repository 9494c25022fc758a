import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { clearManifestCaches, readManifest, readManifestList } from '../../src/iceberg/manifest-io.js';
import type { PartitionBy } from '../../src/iceberg/partition/partition-spec.js';
import { newWarehouse } from './support.js';

/** Every partition result type a manifest stores: int, long, float, double, date, timestamp, string, boolean, binary. */
const ROWS = `SELECT range::INTEGER AS i, (range * 3_000_000_000)::BIGINT AS l, (range / 10)::FLOAT AS f,
  (range / 3)::DOUBLE AS d, TIMESTAMP '2024-03-01 08:00:00' + to_days(range::INTEGER) AS ts,
  ['abcdef', 'xyz', NULL][1 + range % 3] AS s, range % 2 = 0 AS b, ('x' || range)::BLOB AS bin
  FROM range(6)`;

const PARTITIONS: PartitionBy[] = [
  { column: 'i', transform: 'bucket[4]' },
  { column: 'l', transform: 'identity' },
  { column: 'f', transform: 'identity' },
  { column: 'd', transform: 'identity' },
  { column: 'ts', transform: 'day' },
  { column: 'ts', transform: 'hour' },
  { column: 's', transform: 'truncate[2]' },
  { column: 'b', transform: 'identity' },
  { column: 'bin', transform: 'identity' },
];

/** What a commit keeps of the files it wrote, then what a reader decodes from those files. */
function keptAndDecoded(table: IcebergTable) {
  const listLocation = table.currentSnapshot!['manifest-list'];
  const kept = {
    list: readManifestList(listLocation),
    manifests: readManifestList(listLocation).map((m) => readManifest(m.manifestPath)),
  };
  clearManifestCaches();
  const decoded = {
    list: readManifestList(listLocation),
    manifests: readManifestList(listLocation).map((m) => readManifest(m.manifestPath)),
  };
  return { kept, decoded };
}

describe('manifests a commit has just written', () => {
  it('are kept exactly as a reader decodes them from the files, partition values of every type included', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['bronze'], name: 'typed' },
      { conn: wh.conn, sql: ROWS, partitionBy: PARTITIONS },
    );
    await table.append(wh.conn, ROWS);
    const appended = keptAndDecoded(table);
    expect(appended.kept.manifests.flat().length).toBe(6);
    expect(appended.kept).toStrictEqual(appended.decoded);
    // An overwrite writes DELETED entries carried over from the files it replaces.
    await table.overwrite(wh.conn, ROWS, { schemaMode: 'sync' });
    const overwritten = keptAndDecoded(table);
    expect(overwritten.kept.manifests.flat().map((e) => e.status)).toContain(2);
    expect(overwritten.kept).toStrictEqual(overwritten.decoded);
  });

  it('are kept for an unpartitioned table too', async () => {
    const wh = await newWarehouse();
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['gold'], name: 'plain' },
      { conn: wh.conn, sql: 'SELECT 1 AS id' },
    );
    await table.overwrite(wh.conn, 'SELECT 1 AS id');
    await table.overwrite(wh.conn, 'SELECT 2 AS id');
    const { kept, decoded } = keptAndDecoded(table);
    expect(kept).toStrictEqual(decoded);
  });
});
