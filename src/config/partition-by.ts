import type { PartitionField } from '../model/node-config.js';

const TRANSFORM = /^(identity|year|month|day|hour|bucket\[\d+\]|truncate\[\d+\])$/;
const CALL =
  /^\s*(year|month|day|hour|identity|bucket|truncate)\s*\(\s*(?:(\d+)\s*,\s*)?([A-Za-z_][\w]*)\s*(?:,\s*(\d+)\s*)?\)\s*$/;

/**
 * Accepts every way users write partitioning and returns Iceberg partition fields:
 * a column name (identity), `'day(pickup_at)'`, `{field, transform}`, or dbt-bigquery's
 * `{field, data_type, granularity}` (granularity → the time transform).
 */
export function normalizePartitionBy(value: unknown): PartitionField[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item === 'string') return fromString(item);
    const spec = item as { field: string; transform?: string; granularity?: string; data_type?: string };
    if (spec.transform !== undefined) return { field: spec.field, transform: checkTransform(spec.transform) };
    if (spec.granularity !== undefined)
      return { field: spec.field, transform: checkTransform(spec.granularity.toLowerCase()) };
    if (spec.data_type && /^(date|timestamp|datetime)$/i.test(spec.data_type))
      return { field: spec.field, transform: 'day' };
    return { field: spec.field, transform: 'identity' };
  });
}

function fromString(text: string): PartitionField {
  const call = CALL.exec(text);
  if (!call) {
    if (text.includes('(')) throw new Error(`unknown partition transform '${text.trim()}'`);
    return { field: text.trim(), transform: 'identity' };
  }
  const [, fn, width1, field, width2] = call;
  const width = width1 ?? width2;
  if (fn === 'bucket' || fn === 'truncate')
    return { field: field!, transform: checkTransform(`${fn}[${width}]`) };
  return { field: field!, transform: checkTransform(fn!) };
}

function checkTransform(transform: string): PartitionField['transform'] {
  if (!TRANSFORM.test(transform)) {
    throw new Error(`unknown partition transform '${transform}'`);
  }
  return transform as PartitionField['transform'];
}
