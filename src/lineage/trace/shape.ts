import type { UpstreamRelation } from '../types.js';
import { sameName } from './ast.js';
import { columnTrace, mergeTraces, NO_TRACE, type Trace } from './sources.js';

/** A column of a relation while tracing, or a run of columns that cannot be listed. */
export type ShapeColumn =
  | { readonly kind: 'column'; readonly name: string; readonly trace: Trace }
  /** e.g. the expansion of `*` over `read_parquet(…)`: some columns, names unknown. */
  | { readonly kind: 'unknown'; readonly label: string; readonly reason: string };

/** What a relation in FROM (a table, CTE or subquery) offers the query that reads it. */
export interface RelationShape {
  readonly columns: readonly ShapeColumn[];
  /** What decides which rows exist: filter and join columns, upstream of every column. */
  readonly rows: Trace;
}

/** An upstream table: each column is itself. */
export function upstreamShape(relation: UpstreamRelation): RelationShape {
  return {
    columns: relation.columns.map((c) => ({
      kind: 'column',
      name: c.name,
      trace: columnTrace(relation.nodeId, c.name),
    })),
    rows: NO_TRACE,
  };
}

/** A relation whose columns cannot be known (a table function, an unknown table…). */
export function opaqueShape(label: string, reason: string): RelationShape {
  return { columns: [{ kind: 'unknown', label, reason }], rows: NO_TRACE };
}

/** The first column called `name` (case-insensitive). */
export function findColumn(shape: RelationShape, name: string): ShapeColumn | undefined {
  return shape.columns.find((c) => c.kind === 'column' && sameName(c.name, name));
}

/** Why a name missing from `shape` might still be one of its columns, if it might. */
export function unknownReasons(shape: RelationShape): string[] {
  return shape.columns.flatMap((c) => (c.kind === 'unknown' ? [c.reason] : []));
}

/**
 * Column aliases (`t(a, b)`, `with c(a, b) as …`) rename columns by position. Positions after a
 * run of unknown columns cannot be matched, so renaming stops there.
 */
export function renameColumns(shape: RelationShape, aliases: readonly string[]): RelationShape {
  if (aliases.length === 0) return shape;
  let blocked = false;
  const columns = shape.columns.map((column, i): ShapeColumn => {
    if (column.kind === 'unknown') blocked = true;
    const alias = aliases[i];
    if (blocked || column.kind === 'unknown' || alias === undefined) return column;
    return { ...column, name: alias };
  });
  return { ...shape, columns };
}

/** Every known column also depends on what decides the rows. */
export function withRowInfluence(columns: readonly ShapeColumn[], rows: Trace): ShapeColumn[] {
  if (rows.sources.size === 0 && rows.gaps.length === 0) return [...columns];
  return columns.map((c) => (c.kind === 'column' ? { ...c, trace: mergeTraces([c.trace, rows]) } : c));
}

/**
 * DuckDB renames repeated names of a subquery or created table (`a`, `a` → `a`, `a_1`;
 * case-insensitively), so later references and the stored table see the renamed columns.
 */
export function dedupeNames(columns: readonly ShapeColumn[]): ShapeColumn[] {
  const taken = new Set<string>();
  return columns.map((column) => {
    if (column.kind === 'unknown') return column;
    let name = column.name;
    for (let i = 1; taken.has(name.toLowerCase()); i++) name = `${column.name}_${i}`;
    taken.add(name.toLowerCase());
    return name === column.name ? column : { ...column, name };
  });
}
