import { LdpError } from '../../errors/index.js';
import type { PartitionField } from '../../model/node-config.js';
import { quoteBigQueryIdentifier } from '../../sql/index.js';

export type TimeGranularity = 'hour' | 'day' | 'month' | 'year';

/** dbt-bigquery's `partition_by`: a time column and its granularity, or an INT64 range. */
export type BigQueryPartitionBy =
  | {
      readonly field: string;
      readonly dataType: 'timestamp' | 'datetime' | 'date';
      readonly granularity: TimeGranularity;
    }
  | {
      readonly field: string;
      readonly dataType: 'int64';
      readonly range: { readonly start: number; readonly end: number; readonly interval: number };
    };

const GRANULARITIES: readonly string[] = ['hour', 'day', 'month', 'year'];

function invalid(message: string, hint: string): LdpError {
  return new LdpError({ code: 'LDP484', message: `partition_by: ${message}`, hint });
}

/**
 * dbt-bigquery's form as written (`{field, data_type, granularity}` or `{field, data_type:
 * int64, range: {start, end, interval}}`), with its defaults: data_type `date`, granularity `day`.
 */
export function readBigQueryPartitionBy(written: unknown): BigQueryPartitionBy {
  if (written === null || typeof written !== 'object' || Array.isArray(written))
    throw invalid(
      'expected a mapping with field:',
      'Write partition_by: {field: created_at, data_type: timestamp, granularity: day}.',
    );
  const spec = written as Record<string, unknown>;
  if (typeof spec['field'] !== 'string' || spec['field'] === '')
    throw invalid("'field' is required", 'Name the column to partition by: {field: created_at, …}.');
  const field = spec['field'];
  const dataType = String(spec['data_type'] ?? 'date').toLowerCase();
  if (dataType === 'int64') return { field, dataType, range: rangeOf(spec['range']) };
  if (dataType !== 'timestamp' && dataType !== 'datetime' && dataType !== 'date')
    throw invalid(
      `data_type '${dataType}' cannot partition a table`,
      'Use timestamp, datetime, date or int64.',
    );
  const granularity = String(spec['granularity'] ?? 'day').toLowerCase();
  if (!GRANULARITIES.includes(granularity))
    throw invalid(
      `granularity '${granularity}' is not one of ${GRANULARITIES.join(', ')}`,
      'Use hour, day, month or year.',
    );
  if (dataType === 'date' && granularity === 'hour')
    throw invalid(
      'a date column cannot be partitioned by hour',
      'Use day, month or year, or a timestamp column.',
    );
  return { field, dataType, granularity: granularity as TimeGranularity };
}

function rangeOf(value: unknown): { start: number; end: number; interval: number } {
  const range = (value ?? {}) as Record<string, unknown>;
  const [start, end, interval] = [range['start'], range['end'], range['interval'] ?? 1];
  if (
    ![start, end, interval].every(Number.isInteger) ||
    (interval as number) <= 0 ||
    (end as number) <= (start as number)
  )
    throw invalid(
      'an int64 partition needs range: {start, end, interval}, whole numbers with start < end',
      'Write range: {start: 0, end: 1000, interval: 10}.',
    );
  return { start: start as number, end: end as number, interval: interval as number };
}

/**
 * ldp's partition fields (the Iceberg form every target reads: `'day(pickup_at)'`, `{field,
 * transform}`) for BigQuery, given the column's BigQuery type (from the query's schema).
 * BigQuery partitions by one column: a second field, or a bucket/truncate transform, is refused.
 */
export function partitionFromFields(
  fields: readonly PartitionField[],
  columnType: (field: string) => string | undefined,
): BigQueryPartitionBy {
  if (fields.length !== 1)
    throw invalid(
      `BigQuery partitions a table by one column, not ${fields.length}`,
      'Keep one partition field; cluster_by can order by the others.',
    );
  const [{ field, transform }] = fields as [PartitionField];
  const type = (columnType(field) ?? '').toLowerCase();
  if (transform === 'identity' && type === 'date') return { field, dataType: 'date', granularity: 'day' };
  if (!GRANULARITIES.includes(transform))
    throw invalid(
      `transform ${transform} of '${field}' has no BigQuery equivalent`,
      "Partition by hour, day, month or year of a time column, or write dbt-bigquery's range form.",
    );
  if (type !== 'timestamp' && type !== 'datetime' && type !== 'date')
    throw invalid(
      `'${field}' is ${type ? `of type ${type.toUpperCase()}` : 'not a column of the query'}, so it cannot be partitioned by ${transform}`,
      'Partition by a DATE, DATETIME or TIMESTAMP column.',
    );
  return readBigQueryPartitionBy({ field, data_type: type, granularity: transform });
}

/**
 * The PARTITION BY expression (CREATE TABLE's grammar), over `alias.field` when an alias is
 * given (MERGE conditions): a date column by day is the column itself.
 */
export function partitionExpression(partition: BigQueryPartitionBy, alias?: string): string {
  const column = `${alias ? `${alias}.` : ''}${quoteBigQueryIdentifier(partition.field)}`;
  if (partition.dataType === 'int64') {
    const { start, end, interval } = partition.range;
    return `range_bucket(${column}, generate_array(${start}, ${end}, ${interval}))`;
  }
  if (partition.dataType === 'date')
    return partition.granularity === 'day' ? column : `date_trunc(${column}, ${partition.granularity})`;
  return `${partition.dataType}_trunc(${column}, ${partition.granularity})`;
}

/**
 * The partition a row of `alias` falls into, as a value to compare with the partitions to
 * replace. An int64 range partition is replaced by the column's values themselves, as dbt-bigquery does.
 */
export function partitionValue(partition: BigQueryPartitionBy, alias?: string): string {
  const column = `${alias ? `${alias}.` : ''}${quoteBigQueryIdentifier(partition.field)}`;
  return partition.dataType === 'int64' ? column : partitionExpression(partition, alias);
}

/** The type of `partitionValue`, for the array of partitions a dynamic insert_overwrite replaces. */
export function partitionValueType(partition: BigQueryPartitionBy): string {
  return partition.dataType;
}
