import { sameName } from './ast.js';
import { findColumn, type RelationShape, type ShapeColumn, unknownReasons } from './shape.js';
import { NO_TRACE, type Trace, throughKind } from './sources.js';

/** A relation in FROM and the names it can be referred to by. */
export interface ScopeEntry {
  /** The alias, or the table name when there is none. */
  readonly alias: string;
  /** Set for a table without alias, which `schema.table.column` may also name. */
  readonly schema?: string;
  readonly catalog?: string;
  readonly shape: RelationShape;
}

export interface NamedTrace {
  readonly name: string;
  readonly trace: Trace;
}

/** A column of `*` and the FROM relation it comes from (for `exclude (t.col)`). */
export interface StarColumn {
  readonly column: ShapeColumn;
  readonly relation: string;
}

/** Everything a FROM clause makes visible. */
export interface FromScope {
  readonly entries: readonly ScopeEntry[];
  /** What an unqualified `*` expands to (USING columns once, at their left position). */
  readonly starColumns: readonly StarColumn[];
  /** Columns merged by `JOIN … USING` / `NATURAL JOIN`, by lower-case name. */
  readonly usings: ReadonlyMap<string, NamedTrace>;
  /** Join conditions and the row influences of every relation joined. */
  readonly rows: Trace;
}

/** The FROM scope of a query, inside the scopes of the queries around it (correlation, LATERAL). */
export interface Scope {
  readonly from: FromScope;
  readonly outer?: Scope;
}

export const EMPTY_FROM: FromScope = { entries: [], starColumns: [], usings: new Map(), rows: NO_TRACE };

export type Lookup =
  | { readonly kind: 'found'; readonly name: string; readonly trace: Trace }
  | { readonly kind: 'missing'; readonly reasons: readonly string[] }
  | { readonly kind: 'ambiguous'; readonly reason: string };

/**
 * Resolves a column reference (`col`, `t.col`, `schema.t.col`, `col.field`, `t.col.field`…) the
 * way DuckDB's binder does: a qualified reading first, then the first name as a column (the rest
 * being struct fields, which count as a transform).
 */
export function lookupColumn(from: FromScope, names: readonly string[]): Lookup {
  const qualified = lookupQualified(from, names);
  if (qualified) return qualified;
  const [name, ...fields] = names;
  if (name === undefined) return { kind: 'missing', reasons: [] };
  const merged = from.usings.get(name.toLowerCase());
  if (merged) return withFields(merged.name, merged.trace, fields);
  const matches = from.entries.filter((e) => findColumn(e.shape, name));
  if (matches.length > 1) {
    return {
      kind: 'ambiguous',
      reason: `column "${name}" is ambiguous: ${matches.map((m) => m.alias).join(', ')}`,
    };
  }
  if (matches.length === 1) return fromEntry(matches[0]!, names)!;
  return { kind: 'missing', reasons: from.entries.flatMap((e) => unknownReasons(e.shape)) };
}

/** Only the readings of `names` that start with a relation name (`t.col`, `schema.t.col`…). */
export function lookupQualified(from: FromScope, names: readonly string[]): Lookup | undefined {
  for (let qualifiers = Math.min(names.length - 1, 3); qualifiers >= 1; qualifiers--) {
    const entry = from.entries.find((e) => qualifies(e, names.slice(0, qualifiers)));
    if (!entry) continue;
    const found = fromEntry(entry, names.slice(qualifiers));
    if (found) return found;
  }
  return undefined;
}

/** The FROM entry named `name` (its alias), for `t.*`. */
export function entryNamed(from: FromScope, name: string): ScopeEntry | undefined {
  return from.entries.find((e) => sameName(e.alias, name));
}

function qualifies(entry: ScopeEntry, qualifiers: readonly string[]): boolean {
  const [table, schema, catalog] = [...qualifiers].reverse();
  if (table === undefined || !sameName(entry.alias, table)) return false;
  if (schema !== undefined && (entry.schema === undefined || !sameName(entry.schema, schema))) return false;
  if (catalog !== undefined && (entry.catalog === undefined || !sameName(entry.catalog, catalog)))
    return false;
  return true;
}

function fromEntry(entry: ScopeEntry, names: readonly string[]): Lookup | undefined {
  const [name, ...fields] = names;
  if (name === undefined) return undefined;
  const column = findColumn(entry.shape, name);
  if (column?.kind === 'column') return withFields(column.name, column.trace, fields);
  const reasons = unknownReasons(entry.shape);
  return reasons.length > 0 ? { kind: 'missing', reasons } : undefined;
}

function withFields(name: string, trace: Trace, fields: readonly string[]): Lookup {
  if (fields.length === 0) return { kind: 'found', name, trace };
  return { kind: 'found', name: fields[fields.length - 1]!, trace: throughKind(trace, 'transform') };
}
