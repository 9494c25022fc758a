import { LdpError } from '../../errors/index.js';
import { avroPrimitive } from '../avro/schemas.js';
import type { IcebergType, NestedField, PartitionField, PartitionSpec, Schema, Transform } from '../types.js';
import { canBucket } from './bucket-sql.js';
import { partitionResultType, transformWidth } from './partition-transforms.js';

/** A partition column as a table declares it: `{ column: 'pickup_at', transform: 'day' }`. */
export interface PartitionBy {
  readonly column: string;
  readonly transform: Transform;
}

const TIME_SOURCES: Record<string, readonly string[]> = {
  year: ['date', 'timestamp', 'timestamptz'],
  month: ['date', 'timestamp', 'timestamptz'],
  day: ['date', 'timestamp', 'timestamptz'],
  hour: ['timestamp', 'timestamptz'],
};

function transformFits(transform: string, type: IcebergType): boolean {
  if (typeof type !== 'string') return false;
  if (transform === 'identity') return true;
  const times = TIME_SOURCES[transform];
  if (times) return times.includes(type);
  const width = transformWidth(transform);
  if (width === undefined || width < 1) return false;
  if (transform.startsWith('bucket')) return canBucket(type);
  return ['int', 'long', 'string'].includes(type);
}

/**
 * Checks, before anything is written, that ldp can partition by `transform` of `source`:
 * the transform applies to the column's type and the partition value can be stored.
 */
function checkPartitionField(transform: string, source: NestedField): void {
  const hint =
    'Use identity (boolean, int, long, float, double, date, time, timestamp, string, binary), ' +
    'year/month/day (date, timestamp), hour (timestamp), bucket[N] (int, long, decimal, date, time, ' +
    'timestamp, string, uuid, binary) or truncate[W] (int, long, string).';
  const typeName = typeof source.type === 'string' ? source.type : source.type.type;
  if (!transformFits(transform, source.type)) {
    throw new LdpError({
      code: 'LDP512',
      message: `cannot partition by ${transform}(${source.name}): column '${source.name}' has type ${typeName}`,
      hint,
    });
  }
  try {
    avroPrimitive(partitionResultType(transform as Transform, source.type));
  } catch {
    throw new LdpError({
      code: 'LDP512',
      message: `cannot partition by ${transform}(${source.name}): ldp cannot store ${typeName} partition values`,
      hint,
    });
  }
}

/**
 * The partition spec (id 0, field ids from 1000) for a new table, checked before anything is
 * written: each column exists and its transform applies to its type.
 */
export function buildPartitionSpec(schema: Schema, partitionBy: readonly PartitionBy[]): PartitionSpec {
  const fields: PartitionField[] = partitionBy.map((p, i) => {
    const source = schema.fields.find((f) => f.name.toLowerCase() === p.column.toLowerCase());
    if (!source) {
      throw new LdpError({
        code: 'LDP513',
        message: `partition column '${p.column}' is not a column of the table`,
        hint: `Columns: ${schema.fields.map((f) => f.name).join(', ')}.`,
      });
    }
    checkPartitionField(p.transform, source);
    const name =
      p.transform === 'identity' ? source.name : `${source.name}_${p.transform.replace(/\[(\d+)\]/, '_$1')}`;
    return { 'source-id': source.id, 'field-id': 1000 + i, name, transform: p.transform };
  });
  return { 'spec-id': 0, fields };
}
