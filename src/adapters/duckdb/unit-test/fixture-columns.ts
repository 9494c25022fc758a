import type { FixtureColumn } from '../../../model/unit-test.js';
import { quoteIdentifier, quoteLiteral } from '../../../sql/index.js';

/** A column of a fixture table: whether the rows hold it, and its type when one is decided. */
export interface ShapedColumn {
  readonly name: string;
  /** A DuckDB type, or undefined for an untyped NULL column (DuckDB picks its default). */
  readonly type?: string;
  /** True when the fixture rows hold the column; false when it is filled with NULLs. */
  readonly present: boolean;
}

/**
 * The columns of a fixture table. `found` are the rows' own columns with the types DuckDB
 * inferred from them (undefined: no value to infer from); `known` are the upstream's columns.
 * With `fill`, the known columns come first in their order, those the rows omit as NULLs of
 * their type, then the rows' other columns; without, only the rows' columns (typed by `known`
 * where it names them). Names match case-insensitively; the rows' spelling is kept.
 */
export function shapeColumns(
  found: readonly { readonly name: string; readonly type?: string }[],
  known: readonly FixtureColumn[],
  fill: boolean,
): ShapedColumn[] {
  const knownByName = new Map(known.map((column) => [column.name.toLowerCase(), column]));
  const foundByName = new Map(found.map((column) => [column.name.toLowerCase(), column]));
  const typed = (column: { name: string; type?: string }): ShapedColumn => {
    const type = knownByName.get(column.name.toLowerCase())?.type ?? column.type;
    return { name: column.name, ...(type ? { type } : {}), present: true };
  };
  if (!fill) return found.map(typed);
  const shaped = known.map((column) => {
    const own = foundByName.get(column.name.toLowerCase());
    return own ? typed(own) : { ...column, present: false };
  });
  return [...shaped, ...found.filter((column) => !knownByName.has(column.name.toLowerCase())).map(typed)];
}

/** The select list over a reader: present columns as read (cast when `cast`), others as typed NULLs. */
export function selectList(columns: readonly ShapedColumn[], cast: boolean): string {
  return columns
    .map((column) => {
      const name = quoteIdentifier(column.name);
      if (!column.present) return `${column.type ? `CAST(NULL AS ${column.type})` : 'NULL'} AS ${name}`;
      return cast && column.type ? `CAST(${name} AS ${column.type}) AS ${name}` : name;
    })
    .join(', ');
}

/** A `{'name': 'TYPE', …}` struct literal, as DuckDB's readers take column types. */
export function typesLiteral(columns: readonly ShapedColumn[]): string {
  const entries = columns.filter((c) => c.present && c.type).map((c) => [c.name, c.type!] as const);
  return `{${entries.map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`).join(', ')}}`;
}
