import { LdpError } from '../errors/index.js';
import { schemaFromDuckDb } from './schema-mapping.js';
import type { IcebergType, NestedField, Schema, TableMetadata } from './types.js';

/** Widenings the Iceberg spec allows for primitive types. */
function canWiden(from: IcebergType, to: IcebergType): boolean {
  if (from === to) return true;
  if (from === 'int' && to === 'long') return true;
  if (from === 'float' && to === 'double') return true;
  if (
    typeof from === 'string' &&
    typeof to === 'string' &&
    from.startsWith('decimal(') &&
    to.startsWith('decimal(')
  ) {
    const [p1, s1] = from.slice(8, -1).split(',').map(Number);
    const [p2, s2] = to.slice(8, -1).split(',').map(Number);
    return s1 === s2 && p2! >= p1!;
  }
  return false;
}

export type EvolutionMode = 'sync' | 'add-only';

/**
 * A schema for `columns` that keeps the field ids of columns the table already has (by name),
 * widens types where the spec allows, and gives new columns ids never used before. In `sync`
 * mode columns missing from `columns` are dropped; in `add-only` mode they stay.
 * Returns undefined when nothing changes.
 */
export function evolveSchema(
  metadata: TableMetadata,
  columns: readonly { name: string; type: string }[],
  mode: EvolutionMode,
): { schema: Schema; lastColumnId: number } | undefined {
  const current = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id'])!;
  const proposed = schemaFromDuckDb(columns, 0, 1).schema;
  let lastId = metadata['last-column-id'];
  const byName = new Map(current.fields.map((f) => [f.name.toLowerCase(), f]));
  const fields: NestedField[] = [];
  for (const field of proposed.fields) {
    const existing = byName.get(field.name.toLowerCase());
    if (existing && (sameShape(existing.type, field.type) || canWiden(field.type, existing.type))) {
      // Same type, or narrower data going into a wider column: written with a cast.
      fields.push(existing);
    } else if (existing && canWiden(existing.type, field.type)) {
      fields.push({ ...existing, type: field.type });
    } else if (existing && mode === 'add-only') {
      throw new LdpError({
        code: 'LDP507',
        message: `column '${field.name}' changed type from ${describe(existing.type)} to ${describe(field.type)}, which Iceberg cannot widen`,
        hint: 'Cast the column back to its old type, or rebuild the table (--full-refresh).',
      });
    } else {
      fields.push(renumber(field, () => ++lastId));
    }
  }
  if (mode === 'add-only') {
    const proposedNames = new Set(proposed.fields.map((f) => f.name.toLowerCase()));
    for (const field of current.fields) if (!proposedNames.has(field.name.toLowerCase())) fields.push(field);
  }
  const unchanged =
    fields.length === current.fields.length && fields.every((f, i) => f === current.fields[i]);
  if (unchanged) return undefined;
  const schemaId = Math.max(...metadata.schemas.map((s) => s['schema-id'])) + 1;
  return { schema: { type: 'struct', 'schema-id': schemaId, fields }, lastColumnId: lastId };
}

function sameShape(a: IcebergType, b: IcebergType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.type !== b.type) return false;
  return JSON.stringify(stripIds(a)) === JSON.stringify(stripIds(b));
}

function stripIds(type: IcebergType): unknown {
  if (typeof type === 'string') return type;
  switch (type.type) {
    case 'struct':
      return { struct: type.fields.map((f) => [f.name, stripIds(f.type)]) };
    case 'list':
      return { list: stripIds(type.element) };
    case 'map':
      return { map: [stripIds(type.key), stripIds(type.value)] };
  }
}

/** Fresh ids for a new column and everything nested in it. */
function renumber(field: NestedField, next: () => number): NestedField {
  return { ...field, id: next(), type: renumberType(field.type, next) };
}

function renumberType(type: IcebergType, next: () => number): IcebergType {
  if (typeof type === 'string') return type;
  switch (type.type) {
    case 'struct':
      return { type: 'struct', fields: type.fields.map((f) => renumber(f, next)) };
    case 'list':
      return { ...type, 'element-id': next(), element: renumberType(type.element, next) };
    case 'map':
      return {
        ...type,
        'key-id': next(),
        key: renumberType(type.key, next),
        'value-id': next(),
        value: renumberType(type.value, next),
      };
  }
}

function describe(type: IcebergType): string {
  return typeof type === 'string' ? type : type.type;
}
