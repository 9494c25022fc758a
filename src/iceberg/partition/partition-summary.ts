import { readManifest } from '../manifest-io.js';
import type { ManifestEntry, ManifestFile, PartitionSpec, Schema, TableMetadata } from '../types.js';
import { partitionResultType } from './partition-transforms.js';
import { compareValues, serializeValue } from './single-value.js';

export type FieldSummary = NonNullable<ManifestFile['partitions']>[number];

/**
 * The manifest list's `partitions` summaries of a manifest: per partition field, whether any
 * entry's value is null or NaN, and the lower and upper bound of the other values in the
 * single-value serialization of the field's result type. Readers such as pyiceberg skip a
 * manifest whose summary has no bounds unless it says it holds nulls, so the bounds are written
 * whenever a non-null, non-NaN value exists. Every entry counts, deleted ones too, as in Java.
 * Undefined (no summaries at all, which readers take as "may match") when a value cannot be
 * serialized: an incomplete summary would make readers skip files that match.
 */
export function summarizePartitions(
  spec: PartitionSpec,
  schema: Schema,
  entries: readonly ManifestEntry[],
): FieldSummary[] | undefined {
  const summaries: FieldSummary[] = [];
  for (const field of spec.fields) {
    const source = schema.fields.find((f) => f.id === field['source-id']);
    if (!source) return undefined;
    const type = partitionResultType(field.transform, source.type);
    const values = entries.map((e) => e.dataFile.partition[field['field-id']]);
    const isNotANumber = (v: unknown) => typeof v === 'number' && Number.isNaN(v);
    const present = values.filter((v) => v !== null && v !== undefined && !isNotANumber(v));
    const summary: FieldSummary = {
      containsNull: values.some((v) => v === null || v === undefined),
      containsNan: values.some(isNotANumber),
    };
    if (present.length === 0) {
      summaries.push(summary);
      continue;
    }
    const lower = present.reduce((min, v) => (compareValues(type, v, min) < 0 ? v : min));
    const upper = present.reduce((max, v) => (compareValues(type, v, max) > 0 ? v : max));
    const lowerBound = serializeValue(type, lower);
    const upperBound = serializeValue(type, upper);
    if (!lowerBound || !upperBound) return undefined;
    summaries.push({ ...summary, lowerBound, upperBound });
  }
  return summaries;
}

/**
 * A manifest kept in a new snapshot, with its summaries recomputed from its entries when a
 * field has no bounds: older ldp versions wrote them so, and readers skip such manifests in
 * filtered scans. A field whose values are all null or NaN has no bounds either; reading its
 * (cached, immutable) manifest again is the price of telling the two apart.
 */
export function withPartitionBounds(
  manifest: ManifestFile,
  metadata: TableMetadata,
  schema: Schema,
): ManifestFile {
  if (!manifest.partitions?.some((p) => !p.lowerBound || !p.upperBound)) return manifest;
  const spec = metadata['partition-specs'].find((s) => s['spec-id'] === manifest.partitionSpecId);
  if (!spec || spec.fields.length !== manifest.partitions.length) return manifest;
  const partitions = summarizePartitions(
    spec,
    schema,
    readManifest(manifest.manifestPath, { metrics: false }),
  );
  const { partitions: _stale, ...rest } = manifest;
  return partitions ? { ...rest, partitions } : rest;
}
