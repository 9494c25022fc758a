import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../../../sql/index.js';

/** How many differing rows a failure shows. */
const SHOWN_ROWS = 30;

/** One row of a diff: `-` expected but missing from the output, `+` in the output but not expected. */
export interface DiffRow {
  readonly mark: '-' | '+';
  /** Values as text (NULL as null), in the order of the compared columns. */
  readonly values: readonly (string | null)[];
}

export interface RowComparison {
  readonly columns: readonly string[];
  readonly expectedRows: number;
  readonly actualRows: number;
  readonly missing: number;
  readonly unexpected: number;
  /** At most SHOWN_ROWS differing rows, sorted so a changed row's two versions meet. */
  readonly shown: readonly DiffRow[];
}

/**
 * Compares two tables over `columns` as multisets (dbt's semantics: order does not matter, each
 * duplicate counts): the rows of `expected` missing from `actual` and the rows of `actual` not
 * expected, with `EXCEPT ALL`. DuckDB does the work; only counts and a few rows reach JS.
 */
export async function compareRows(
  conn: DuckDBConnection,
  tables: { readonly expected: string; readonly actual: string },
  columns: readonly string[],
): Promise<RowComparison> {
  const list = columns.map(quoteIdentifier).join(', ');
  const expected = quoteIdentifier(tables.expected);
  const actual = quoteIdentifier(tables.actual);
  await conn.run(
    `CREATE TEMP TABLE "__ldp_missing" AS SELECT ${list} FROM ${expected} EXCEPT ALL SELECT ${list} FROM ${actual}`,
  );
  await conn.run(
    `CREATE TEMP TABLE "__ldp_unexpected" AS SELECT ${list} FROM ${actual} EXCEPT ALL SELECT ${list} FROM ${expected}`,
  );
  const counts = (
    await conn.runAndReadAll(
      `SELECT (SELECT count(*) FROM ${expected}) AS expected, (SELECT count(*) FROM ${actual}) AS actual,
              (SELECT count(*) FROM "__ldp_missing") AS missing, (SELECT count(*) FROM "__ldp_unexpected") AS unexpected`,
    )
  ).getRowObjectsJson()[0]!;
  const missing = Number(counts['missing']);
  const unexpected = Number(counts['unexpected']);
  const shown = missing + unexpected === 0 ? [] : await differingRows(conn, columns);
  return {
    columns,
    expectedRows: Number(counts['expected']),
    actualRows: Number(counts['actual']),
    missing,
    unexpected,
    shown,
  };
}

async function differingRows(conn: DuckDBConnection, columns: readonly string[]): Promise<DiffRow[]> {
  const list = columns.map(quoteIdentifier).join(', ');
  const asText = columns.map((c) => `CAST(${quoteIdentifier(c)} AS VARCHAR)`).join(', ');
  // By the first column (usually a key), expected before actual, then the rest: a row whose
  // values changed shows as `-` then `+` next to each other.
  const [first, ...rest] = columns.map(quoteIdentifier);
  const order = [first, '"__ldp_mark" DESC', ...rest].join(', ');
  const reader = await conn.runAndReadAll(
    `SELECT "__ldp_mark", ${asText} FROM (
       SELECT '-' AS "__ldp_mark", ${list} FROM "__ldp_missing"
       UNION ALL
       SELECT '+' AS "__ldp_mark", ${list} FROM "__ldp_unexpected"
     ) ORDER BY ${order} LIMIT ${SHOWN_ROWS}`,
  );
  return reader.getRowsJson().map(([mark, ...values]) => ({
    mark: mark === '-' ? '-' : '+',
    values: values.map((value) => (value === null ? null : String(value))),
  }));
}
