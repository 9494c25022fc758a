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

/**
 * How a write's query columns shape the table schema: `sync` adds, drops and retypes columns
 * (full refresh); `add-only` adds columns and widens types; `ignore` keeps the schema (extra
 * query columns are not written, missing ones are NULL); `fail` refuses any difference.
 */
export type EvolutionMode = 'sync' | 'add-only' | 'ignore' | 'fail';

export interface EvolvedSchema {
  readonly schema: Schema;
  readonly lastColumnId: number;
}

/**
 * A schema for `columns` that keeps the field ids of columns the table already has (by name),
 * widens types where the spec allows, and gives new columns ids never used before (see
 * `EvolutionMode`). Returns undefined when nothing changes.
 */
export function evolveSchema(
  metadata: TableMetadata,
  columns: readonly { name: string; type: string }[],
  mode: EvolutionMode,
): EvolvedSchema | undefined {
  if (mode === 'ignore') return undefined;
  const evolved = followColumns(metadata, columns, mode === 'fail' ? 'sync' : mode);
  if (evolved && mode === 'fail') throw schemaDiffers(currentOf(metadata), evolved.schema);
  return evolved;
}

function currentOf(metadata: TableMetadata): Schema {
  return metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id'])!;
}

function followColumns(
  metadata: TableMetadata,
  columns: readonly { name: string; type: string }[],
  mode: 'sync' | 'add-only',
): EvolvedSchema | undefined {
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

function schemaDiffers(current: Schema, next: Schema): LdpError {
  const before = new Map(current.fields.map((f) => [f.id, f]));
  const after = new Map(next.fields.map((f) => [f.id, f]));
  const added = next.fields.filter((f) => !before.has(f.id)).map((f) => f.name);
  const dropped = current.fields.filter((f) => !after.has(f.id)).map((f) => f.name);
  const changed = next.fields
    .filter((f) => before.has(f.id) && before.get(f.id)!.type !== f.type)
    .map((f) => `${f.name} (${describe(before.get(f.id)!.type)} → ${describe(f.type)})`);
  const parts = [
    added.length > 0 ? `new columns ${added.join(', ')}` : '',
    dropped.length > 0 ? `missing columns ${dropped.join(', ')}` : '',
    changed.length > 0 ? `changed types ${changed.join(', ')}` : '',
  ].filter(Boolean);
  return new LdpError({
    code: 'LDP508',
    message: `the query's columns differ from the table's: ${parts.join('; ')}`,
    hint: 'Change the query back, allow schema changes (append new columns / sync all columns), or rebuild the table (--full-refresh).',
  });
}

/** An explicit schema change; types are DuckDB types (`BIGINT`, `DECIMAL(12,2)`, `STRUCT(a INTEGER)`). */
export type SchemaChange =
  | { readonly add: string; readonly type: string }
  | { readonly drop: string }
  | { readonly rename: string; readonly to: string }
  | { readonly widen: string; readonly type: string };

/**
 * Applies explicit changes to the current schema: added columns get ids never used before,
 * dropped ids are never reused, renames keep the id (old files read under the new name), and
 * widening follows the spec (int → long, float → double, decimal precision).
 */
export function applySchemaChanges(metadata: TableMetadata, changes: readonly SchemaChange[]): EvolvedSchema {
  let fields = [...currentOf(metadata).fields];
  let lastId = metadata['last-column-id'];
  const find = (name: string) => {
    const index = fields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
    if (index < 0) throw noColumn(name, fields);
    return index;
  };
  for (const change of changes) {
    if ('add' in change) {
      if (fields.some((f) => f.name.toLowerCase() === change.add.toLowerCase()))
        throw columnExists(change.add);
      const field = schemaFromDuckDb([{ name: change.add, type: change.type }], 0, 1).schema.fields[0]!;
      fields.push(renumber(field, () => ++lastId));
    } else if ('drop' in change) {
      const index = find(change.drop);
      fields = fields.filter((_, i) => i !== index);
    } else if ('rename' in change) {
      const index = find(change.rename);
      if (fields.some((f, i) => i !== index && f.name.toLowerCase() === change.to.toLowerCase()))
        throw columnExists(change.to);
      fields[index] = { ...fields[index]!, name: change.to };
    } else {
      const index = find(change.widen);
      const existing = fields[index]!;
      const type = schemaFromDuckDb([{ name: change.widen, type: change.type }], 0, 1).schema.fields[0]!.type;
      if (!canWiden(existing.type, type)) throw cannotWiden(change.widen, existing.type, type);
      fields[index] = { ...existing, type };
    }
  }
  const schemaId = Math.max(...metadata.schemas.map((s) => s['schema-id'])) + 1;
  return { schema: { type: 'struct', 'schema-id': schemaId, fields }, lastColumnId: lastId };
}

function noColumn(name: string, fields: readonly NestedField[]): LdpError {
  return new LdpError({
    code: 'LDP509',
    message: `column '${name}' is not a column of the table`,
    hint: `Columns: ${fields.map((f) => f.name).join(', ')}.`,
  });
}

function columnExists(name: string): LdpError {
  return new LdpError({
    code: 'LDP509',
    message: `column '${name}' already exists in the table`,
    hint: 'Choose another name, or drop the existing column first.',
  });
}

function cannotWiden(name: string, from: IcebergType, to: IcebergType): LdpError {
  return new LdpError({
    code: 'LDP507',
    message: `column '${name}' cannot change type from ${describe(from)} to ${describe(to)}`,
    hint: 'Iceberg widens int → long, float → double and decimal(P,S) → decimal(P2,S) with P2 ≥ P only.',
  });
}
