import { LdpError } from '../errors/index.js';
import { bucketSql } from './bucket-sql.js';
import type { IcebergType, Transform } from './types.js';

/** The Iceberg type of a partition value: time transforms and buckets give ints. */
export function partitionResultType(transform: Transform, source: IcebergType): IcebergType {
  if (transform === 'identity' || transform.startsWith('truncate')) return source;
  if (transform.startsWith('bucket') || ['year', 'month', 'day', 'hour'].includes(transform)) return 'int';
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
      return column;
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
