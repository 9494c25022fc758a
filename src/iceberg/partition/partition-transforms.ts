import { LdpError } from '../../errors/index.js';
import type { IcebergType, Transform } from '../types.js';
import { bucketSql } from './bucket-sql.js';

/**
 * The Iceberg type of a partition value, per the spec's table of transforms: `day` gives a date
 * (days from 1970-01-01, as Java and pyiceberg write it), `year`, `month`, `hour` and buckets an
 * int, identity and truncate the source type. The type decides the Avro type of the partition
 * field and the serialization of the manifest list's bounds.
 */
export function partitionResultType(transform: Transform, source: IcebergType): IcebergType {
  if (transform === 'day') return 'date';
  if (transform.startsWith('bucket') || ['year', 'month', 'hour'].includes(transform)) return 'int';
  return source;
}

/** The `N` of `bucket[N]` or the `W` of `truncate[W]`. */
export function transformWidth(transform: string): number | undefined {
  const match = /^(?:bucket|truncate)\[(\d+)\]$/.exec(transform);
  return match ? Number(match[1]) : undefined;
}

/**
 * The DuckDB expression that computes a partition value from a column, exactly as Iceberg defines
 * the transform (so partition values agree with other engines).
 */
export function transformSql(transform: Transform, column: string, source: IcebergType): string {
  switch (true) {
    case transform === 'identity':
      // DuckDB cannot partition by a blob that is not valid UTF-8; hex is decoded back to bytes.
      return source === 'binary' ? `hex(${column})` : column;
    case transform === 'year':
      return `(year(${column}) - 1970)`;
    case transform === 'month':
      return `((year(${column}) - 1970) * 12 + month(${column}) - 1)`;
    case transform === 'day':
      return source === 'date' ? `(${column} - DATE '1970-01-01')` : `(${column}::DATE - DATE '1970-01-01')`;
    case transform === 'hour':
      return `floor(epoch_us(${column}::TIMESTAMP) / 3600000000)::INTEGER`;
    case transform.startsWith('bucket['):
      return bucketSql(column, source, transformWidth(transform)!);
    case transform.startsWith('truncate['): {
      const width = transformWidth(transform)!;
      return source === 'string'
        ? `left(${column}, ${width})`
        : `(${column} - (((${column} % ${width}) + ${width}) % ${width}))`;
    }
    default:
      throw new LdpError({
        code: 'LDP512',
        message: `partition transform '${transform}' is not supported for writing`,
        hint: 'Use identity, year, month, day, hour, bucket[N] or truncate[W].',
      });
  }
}
