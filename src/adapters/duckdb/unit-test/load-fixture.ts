import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError, type Span } from '../../../errors/index.js';
import type { FixtureColumn, FixtureRows } from '../../../model/unit-test.js';
import { quoteIdentifier, quoteLiteral } from '../../../sql/index.js';
import { firstLines } from '../materialize/sql-errors.js';
import { type ShapedColumn, selectList, shapeColumns, typesLiteral } from './fixture-columns.js';

/** One fixture to load as a temporary table of the unit test's database. */
export interface FixtureTarget {
  readonly table: string;
  readonly rows: FixtureRows;
  /** Columns known beforehand: the upstream's (inputs) or the model output's (expect). */
  readonly known: readonly FixtureColumn[];
  /** Inputs get every known column (NULL where the rows omit it); `expect` keeps its own columns. */
  readonly fill: boolean;
  /** `the rows of input ref('trips')`, `expect`: for messages. */
  readonly what: string;
  readonly testName: string;
  readonly span: Span;
}

/** Where fixture files are: the project folder, and a scratch folder for inline rows. */
export interface FixturePlaces {
  readonly projectRoot: string;
  readonly scratch: () => string;
}

/** Rows as DuckDB reads them: their columns (types inferred by DuckDB) and a FROM clause. */
interface RowSource {
  readonly found: readonly { readonly name: string; readonly type?: string }[];
  readonly from?: (columns: readonly ShapedColumn[]) => string;
  /** True when the reader cannot take types, so known types are applied by CAST. */
  readonly cast: boolean;
}

/**
 * Creates the fixture's table, typed by DuckDB's own inference (the JSON and CSV sniffers, or
 * the query's types) except where a type is known. Returns its columns; none means there was
 * nothing to build a table from (no rows and no known columns), and no table was made.
 */
export async function loadFixture(
  conn: DuckDBConnection,
  target: FixtureTarget,
  places: FixturePlaces,
): Promise<readonly ShapedColumn[]> {
  try {
    const source = await rowSource(conn, target, places);
    const columns = shapeColumns(source.found, target.known, target.fill);
    if (columns.length === 0) return columns;
    const from = source.from ? ` FROM ${source.from(columns)}` : ' LIMIT 0';
    await conn.run(
      `CREATE TEMP TABLE ${quoteIdentifier(target.table)} AS SELECT ${selectList(columns, source.cast)}${from}`,
    );
    return columns;
  } catch (error) {
    if (error instanceof LdpError) throw error;
    throw unreadable(target, error);
  }
}

async function rowSource(
  conn: DuckDBConnection,
  target: FixtureTarget,
  places: FixturePlaces,
): Promise<RowSource> {
  const rows = target.rows;
  switch (rows.kind) {
    case 'empty':
      return { found: [], cast: false };
    case 'dict':
      return rows.rows.length === 0
        ? { found: [], cast: false }
        : dictSource(conn, target, rows.rows, places);
    case 'csv': {
      const path = rows.file
        ? join(places.projectRoot, rows.file)
        : scratchFile(places, target, 'csv', rows.text);
      const reader = (types: string) =>
        `read_csv(${quoteLiteral(path)}, header = true, delim = ',', quote = '"', escape = '"'${types})`;
      const found = await describe(conn, reader(''));
      return { found, from: (columns) => reader(`, types = ${typesLiteral(columns)}`), cast: false };
    }
    case 'sql': {
      const from = `(\n${rows.sql}\n) AS ${quoteIdentifier('__ldp_fixture')}`;
      return { found: await describe(conn, from), from: () => from, cast: true };
    }
  }
}

/** Dict rows go through a JSON-lines file: DuckDB's JSON reader infers what YAML left as text (dates…). */
async function dictSource(
  conn: DuckDBConnection,
  target: FixtureTarget,
  rows: readonly Readonly<Record<string, unknown>>[],
  places: FixturePlaces,
): Promise<RowSource> {
  const text = rows.map((row) => JSON.stringify(row)).join('\n');
  const path = scratchFile(places, target, 'ndjson', text);
  const reader = (columns: string) =>
    `read_json(${quoteLiteral(path)}, format = 'newline_delimited'${columns})`;
  const inferred = await describe(conn, reader(''));
  // A column that is NULL in every row has nothing to infer from: it stays untyped unless known.
  const found = inferred.map((column) =>
    rows.some((row) => row[column.name] !== null && row[column.name] !== undefined)
      ? column
      : { name: column.name },
  );
  const columnsLiteral = (columns: readonly ShapedColumn[]) =>
    `{${columns
      .filter((column) => column.present)
      .map((column) => `${quoteLiteral(column.name)}: ${quoteLiteral(column.type ?? 'NULL')}`)
      .join(', ')}}`;
  return { found, from: (columns) => reader(`, columns = ${columnsLiteral(columns)}`), cast: false };
}

async function describe(conn: DuckDBConnection, from: string): Promise<{ name: string; type: string }[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
  return reader.getRowObjectsJson().map((row) => ({
    name: String(row['column_name']),
    type: String(row['column_type']),
  }));
}

function scratchFile(places: FixturePlaces, target: FixtureTarget, extension: string, text: string): string {
  const path = join(places.scratch(), `${target.table}.${extension}`);
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
  return path;
}

function unreadable(target: FixtureTarget, error: unknown): LdpError {
  const text = firstLines(error instanceof Error ? error.message : String(error));
  return new LdpError(
    {
      code: 'LDP617',
      message: `unit test '${target.testName}': ${target.what} cannot be loaded (${target.span.file}:${target.span.line}): ${text}`,
      span: target.span,
      hint: 'Check the values against the column types: a declared data_type (or the model output type, for expect) must be able to hold each value.',
    },
    { cause: error },
  );
}
