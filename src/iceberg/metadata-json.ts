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
  // lossless parser is ~15x slower on a long history. The quoted ids become bigints in one walk
  // afterwards: a reviver function called for every value would take longer than the parse.
  const raw = JSON.parse(text.replace(ID_NUMBER, '"$1"$2"$3"')) as Record<string, unknown>;
  reviveIds(raw);
  return normalize(raw);
}

const ID_NUMBER = /"(snapshot-id|parent-snapshot-id|current-snapshot-id)"(\s*:\s*)(-?\d+)/g;

/** Turns the (quoted) ids under `ID_KEYS`, at any depth, into bigints. */
function reviveIds(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) reviveIds(item);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (typeof item === 'string') {
      if (ID_KEYS.has(key) && /^-?\d+$/.test(item)) object[key] = BigInt(item);
    } else if (typeof item === 'object' && item !== null) reviveIds(item);
  }
}

/**
 * Serializes metadata; bigint ids are written as plain JSON numbers, as the spec requires. The
 * native serializer writes each bigint as a marked string that is then unquoted; metadata with a
 * key or string that starts with the mark itself takes the slower lossless serializer.
 */
export function stringifyMetadata(metadata: TableMetadata): string {
  let marked = false;
  const text = JSON.stringify(
    metadata,
    (key, value: unknown) => {
      if (typeof value === 'bigint') return `${BIGINT_MARK}${value}`;
      if (key.startsWith(BIGINT_MARK) || (typeof value === 'string' && value.startsWith(BIGINT_MARK)))
        marked = true;
      return value;
    },
    2,
  );
  if (text === undefined) throw new InternalError('metadata could not be serialized');
  if (marked) return losslessStringify(metadata);
  return text.replace(MARKED_BIGINT, '$1');
}

/** JSON.stringify escapes the NUL, so the mark shows as `\u0000` in the text. */
const BIGINT_MARK = '\u0000ldp-bigint:';
const MARKED_BIGINT = /"\\u0000ldp-bigint:(-?\d+)"/g;

function losslessStringify(metadata: TableMetadata): string {
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
