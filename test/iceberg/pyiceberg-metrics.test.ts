import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { fromUri, IcebergTable, liveFiles } from '../../src/iceberg/index.js';
import { readManifest, readManifestList } from '../../src/iceberg/manifest-io.js';
import { summarizePartitions } from '../../src/iceberg/partition/partition-summary.js';
import type { DataFile } from '../../src/iceberg/types.js';
import { pyicebergWarehouse } from '../support/pyiceberg-fixture.js';
import { newWarehouse } from './support.js';

/**
 * pyiceberg is the reference reader: for the same rows and the same manifests, ldp must write
 * the metrics and partition summaries it wrote (pyiceberg's defaults: full counts, bounds
 * truncated to 16 characters, summaries over every entry).
 */
describe('metrics ldp writes, compared with pyiceberg’s for the same data', () => {
  const { path } = pyicebergWarehouse();
  const open = (name: string) => {
    const catalog = openCatalog({
      path: `${path}/catalog.db`,
      warehousePath: path,
      catalogName: 'default',
      readOnly: true,
    });
    return IcebergTable.load(catalog, { namespace: ['bronze'], name })!;
  };

  it('summarizes each manifest’s partitions as pyiceberg did', () => {
    const table = open('trips_partitioned');
    let compared = 0;
    for (const snapshot of table.snapshots()) {
      for (const manifest of readManifestList(snapshot['manifest-list'])) {
        const spec = table.metadata['partition-specs'].find(
          (s) => s['spec-id'] === manifest.partitionSpecId,
        )!;
        const ours = summarizePartitions(spec, table.schema, readManifest(manifest.manifestPath));
        expect(ours).toEqual(manifest.partitions);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1);
  });

  it('writes the column counts and bounds pyiceberg wrote for each of its data files', async () => {
    const table = open('trips_partitioned');
    const wh = await newWarehouse();
    const files = liveFiles(table.currentSnapshot);
    expect(files.length).toBeGreaterThan(1);
    for (const [i, file] of files.entries()) {
      const theirs = file.entry.dataFile;
      const copy = await IcebergTable.create(
        wh.catalog,
        { namespace: ['copy'], name: `f${i}` },
        { conn: wh.conn, sql: `SELECT * FROM read_parquet('${fromUri(theirs.filePath)}')` },
      );
      await copy.append(wh.conn, `SELECT * FROM read_parquet('${fromUri(theirs.filePath)}')`);
      expect(copy.schema.fields.map((f) => [f.id, f.name, f.type])).toEqual(
        table.schema.fields.map((f) => [f.id, f.name, f.type]),
      );
      const [ours] = liveFiles(copy.currentSnapshot).map((f) => f.entry.dataFile);
      const metrics = (f: DataFile) => ({
        records: f.recordCount,
        values: [...f.valueCounts].sort(),
        nulls: [...f.nullValueCounts].sort(),
        lower: hex(f.lowerBounds),
        upper: hex(f.upperBounds),
      });
      expect(metrics(ours!)).toEqual(metrics(theirs));
    }
  });
});

function hex(map: ReadonlyMap<number, Uint8Array>): [number, string][] {
  return [...map]
    .map(([id, bytes]): [number, string] => [id, Buffer.from(bytes).toString('hex')])
    .sort((a, b) => a[0] - b[0]);
}
