import { readFileSync } from 'node:fs';
import { avroMetadata, avroRead } from 'icebird';

/**
 * An independent planner of filtered scans, written from the Iceberg spec and from how pyiceberg
 * plans (its manifest evaluator and inclusive projections), to check that other engines find
 * every file ldp wrote. It shares no code with ldp: Avro is decoded by icebird, metadata by
 * JSON.parse (ldp's ids stay below 2^53), partition summaries by the spec's Appendix D.
 */

/** Rows whose source column lies in `[low, high]` (inclusive), in Iceberg's value form. */
export interface SourceRange {
  readonly sourceId: number;
  readonly low: bigint;
  readonly high: bigint;
}

export interface Plan {
  /** Live data files a reader would scan for the range. */
  readonly planned: readonly string[];
  /** Every live data file of the current snapshot. */
  readonly live: readonly string[];
  /** Manifests the partition summaries let the reader skip. */
  readonly skippedManifests: number;
}

type AvroRecord = Record<string, unknown>;

export function readAvro(uri: string): AvroRecord[] {
  const bytes = readFileSync(localPath(uri));
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  const { metadata, syncMarker } = avroMetadata(reader);
  return avroRead({ reader, metadata, syncMarker }) as AvroRecord[];
}

export function localPath(uri: string): string {
  return uri.startsWith('file://') ? uri.slice('file://'.length) : uri;
}

interface PartitionField {
  readonly 'source-id': number;
  readonly 'field-id': number;
  readonly name: string;
  readonly transform: string;
}

/** Plans a scan of the current snapshot of the table whose metadata file is `metadataPath`. */
export function planScan(metadataPath: string, range: SourceRange): Plan {
  const metadata = JSON.parse(readFileSync(metadataPath, 'utf8'));
  const snapshot = metadata.snapshots.find(
    (s: { 'snapshot-id': number }) => s['snapshot-id'] === metadata['current-snapshot-id'],
  );
  const schema = metadata.schemas.find(
    (s: { 'schema-id': number }) => s['schema-id'] === metadata['current-schema-id'],
  );
  const sourceType: string = schema.fields.find((f: { id: number }) => f.id === range.sourceId).type;
  const planned: string[] = [];
  const live: string[] = [];
  let skippedManifests = 0;
  for (const manifest of readAvro(snapshot['manifest-list'])) {
    const spec = metadata['partition-specs'].find(
      (s: { 'spec-id': number }) => s['spec-id'] === manifest['partition_spec_id'],
    );
    const projections = (spec.fields as PartitionField[]).flatMap((field, position) =>
      field['source-id'] === range.sourceId
        ? [{ field, position, ...project(field, sourceType, range) }]
        : [],
    );
    const summaries = manifest['partitions'] as AvroRecord[] | null | undefined;
    const manifestMatches =
      !summaries ||
      summaries.length === 0 ||
      projections.every((p) => summaryMayMatch(summaries[p.position]!, p.resultType, p.low, p.high));
    if (!manifestMatches) skippedManifests++;
    for (const entry of readAvro(String(manifest['manifest_path']))) {
      if (entry['status'] === 2) continue;
      const dataFile = entry['data_file'] as AvroRecord;
      const path = String(dataFile['file_path']);
      live.push(path);
      const partition = dataFile['partition'] as AvroRecord;
      const fileMatches = projections.every((p) => {
        const value = partition[p.field.name];
        if (value === null || value === undefined) return false;
        const v = partitionNumber(value);
        return v >= p.low && v <= p.high;
      });
      if (manifestMatches && fileMatches) planned.push(path);
    }
  }
  return { planned, live, skippedManifests };
}

/**
 * The inclusive projection of `low <= source <= high` on a partition field, as an inclusive
 * range of partition values, and the field's result type (spec, "Partition Transforms").
 * Only what the example project partitions by is needed; anything else fails the test loudly.
 */
function project(
  field: PartitionField,
  sourceType: string,
  range: SourceRange,
): { resultType: 'int' | 'date'; low: bigint; high: bigint } {
  if (sourceType !== 'timestamp' && sourceType !== 'timestamptz')
    throw new Error(`the spec planner cannot project a ${sourceType} source (${field.name})`);
  const apply = (micros: bigint): bigint => {
    switch (field.transform) {
      case 'hour':
        return floorDiv(micros, 3_600_000_000n);
      case 'day':
        return floorDiv(micros, 86_400_000_000n);
      case 'month':
      case 'year': {
        const date = new Date(Number(floorDiv(micros, 1000n)));
        const years = BigInt(date.getUTCFullYear() - 1970);
        return field.transform === 'year' ? years : years * 12n + BigInt(date.getUTCMonth());
      }
      default:
        throw new Error(`the spec planner cannot project ${field.transform} (${field.name})`);
    }
  };
  return {
    resultType: field.transform === 'day' ? 'date' : 'int',
    low: apply(range.low),
    high: apply(range.high),
  };
}

/**
 * pyiceberg's manifest evaluator for `field >= low AND field <= high`: a summary without a lower
 * (upper) bound means every value is null or NaN, so the manifest cannot match.
 */
function summaryMayMatch(summary: AvroRecord, type: 'int' | 'date', low: bigint, high: bigint): boolean {
  const lower = summary['lower_bound'] as Uint8Array | null | undefined;
  const upper = summary['upper_bound'] as Uint8Array | null | undefined;
  if (!lower || !upper) return false;
  // int and date: 4-byte little-endian (Appendix D).
  const decode = (bytes: Uint8Array) =>
    BigInt(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(0, true));
  if (type !== 'int' && type !== 'date') return true;
  return decode(upper) >= low && decode(lower) <= high;
}

/** icebird returns ints as numbers and `date` values as Dates (midnight UTC). */
function partitionNumber(value: unknown): bigint {
  if (value instanceof Date) return BigInt(Math.round(value.getTime() / 86_400_000));
  return BigInt(value as number | bigint);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
