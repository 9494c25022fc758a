import type { IcebergTable } from '../../src/iceberg/index.js';
import type { DataFile } from '../../src/iceberg/types.js';

/**
 * A data file entry with realistic metrics (counts and `boundBytes`-wide bounds for every
 * column), for metadata-only commits: the file itself is never written or read.
 */
export function syntheticDataFile(table: IcebergTable, n: number, boundBytes: 4 | 8): DataFile {
  const ids = table.schema.fields.map((f) => f.id);
  const counts = new Map(ids.map((id) => [id, 1000]));
  const bound = new Map(
    ids.map((id) => [id, Uint8Array.from({ length: boundBytes }, (_, i) => (i === 0 ? n & 0xff : 0))]),
  );
  return {
    content: 0,
    filePath: `${table.metadata.location}/data/synthetic-${n}.parquet`,
    fileFormat: 'PARQUET',
    partition: {},
    recordCount: 1000,
    fileSizeInBytes: 65_536,
    columnSizes: counts,
    valueCounts: counts,
    nullValueCounts: new Map(ids.map((id) => [id, 0])),
    nanValueCounts: new Map(),
    lowerBounds: bound,
    upperBounds: bound,
  };
}
