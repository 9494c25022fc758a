import { LosslessNumber, stringify } from 'lossless-json';
import { InternalError } from '../errors/index.js';
import type { TableMetadata } from './types.js';

/** Keys whose numbers are snapshot ids: kept as bigint, whatever their size. */
const ID_KEYS = new Set(['snapshot-id', 'parent-snapshot-id', 'current-snapshot-id']);

/**
 * Parses a metadata JSON file without losing precision: snapshot ids become bigint, every other
 * number a JS number. v1 files are upgraded in memory to the v2 shape ldp works with.
 */
export function parseMetadata(text: string): TableMetadata {
  // Quoting the id numbers first lets the fast native parser read them without rounding; a
  // lossless parser is ~15x slower on a long history.
  const quoted = text.replace(ID_NUMBER, '"$1"$2"$3"');
  const raw = JSON.parse(quoted, function revive(this: unknown, key: string, value: unknown) {
    return ID_KEYS.has(key) && typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value;
  }) as Record<string, unknown>;
  return normalize(raw);
}

const ID_NUMBER = /"(snapshot-id|parent-snapshot-id|current-snapshot-id)"(\s*:\s*)(-?\d+)/g;

/** Serializes metadata; bigint ids are written as plain JSON numbers, as the spec requires. */
export function stringifyMetadata(metadata: TableMetadata): string {
  const text = stringify(
    metadata,
    (_key, value) => (typeof value === 'bigint' ? new LosslessNumber(value.toString()) : value),
    2,
  );
  if (text === undefined) throw new InternalError('metadata could not be serialized');
  return text;
}

function normalize(raw: Record<string, unknown>): TableMetadata {
  const version = raw['format-version'] as number;
  if (version !== 1 && version !== 2)
    throw new InternalError(`unsupported Iceberg format-version ${version}`);
  const schemas = (raw['schemas'] as TableMetadata['schemas'] | undefined) ?? [
    { ...(raw['schema'] as object), 'schema-id': 0 } as TableMetadata['schemas'][number],
  ];
  const specs = (raw['partition-specs'] as TableMetadata['partition-specs'] | undefined) ?? [
    {
      'spec-id': 0,
      fields: (raw['partition-spec'] as TableMetadata['partition-specs'][number]['fields']) ?? [],
    },
  ];
  const snapshots = ((raw['snapshots'] as TableMetadata['snapshots'] | undefined) ?? []).map((s, i) => ({
    ...s,
    'sequence-number': s['sequence-number'] ?? (version === 1 ? 0 : i + 1),
    summary: s.summary ?? { operation: 'append' },
  }));
  const current = raw['current-snapshot-id'] as bigint | undefined;
  const refs =
    (raw['refs'] as TableMetadata['refs'] | undefined) ??
    (current !== undefined && current !== -1n
      ? { main: { 'snapshot-id': current, type: 'branch' as const } }
      : {});
  return {
    ...(raw as unknown as TableMetadata),
    'format-version': version,
    'last-sequence-number': (raw['last-sequence-number'] as number | undefined) ?? 0,
    schemas,
    'current-schema-id': (raw['current-schema-id'] as number | undefined) ?? 0,
    'partition-specs': specs,
    'default-spec-id': (raw['default-spec-id'] as number | undefined) ?? 0,
    'last-partition-id': (raw['last-partition-id'] as number | undefined) ?? 999,
    properties: (raw['properties'] as Record<string, string> | undefined) ?? {},
    ...(current !== undefined && current !== -1n
      ? { 'current-snapshot-id': current }
      : { 'current-snapshot-id': undefined }),
    snapshots,
    'snapshot-log': (raw['snapshot-log'] as TableMetadata['snapshot-log'] | undefined) ?? [],
    'metadata-log': (raw['metadata-log'] as TableMetadata['metadata-log'] | undefined) ?? [],
    'sort-orders': (raw['sort-orders'] as TableMetadata['sort-orders'] | undefined) ?? [
      { 'order-id': 0, fields: [] },
    ],
    'default-sort-order-id': (raw['default-sort-order-id'] as number | undefined) ?? 0,
    refs,
  };
}
