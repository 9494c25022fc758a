import { LdpError, type Span } from '../errors/index.js';
import type { UnitTestRows } from '../model/properties.js';
import type { FixtureRows } from '../model/unit-test.js';
import { csvShape } from '../sql/index.js';

/** A file of `<test-path>/fixtures/`, as the project read it. */
export interface FixtureFile {
  /** Project-relative path. */
  readonly path: string;
  readonly text: string;
}

/** Fixture files by file name (`trips.csv`); dbt names a fixture by its name without extension. */
export type FixtureFiles = ReadonlyMap<string, FixtureFile>;

/** Where rows are written, for messages: `rows of input ref('trips')`, `expect`. */
export interface RowsPlace {
  readonly what: string;
  readonly testName: string;
  readonly span: Span;
}

/**
 * The rows of an input or of `expect`, checked: dict rows must be a list of mappings, CSV must
 * have a header and regular records, SQL must not be empty, and a named fixture file must exist.
 * No rows at all means no rows (an empty input, or a model expected to return nothing).
 */
export function readFixtureRows(rows: UnitTestRows, place: RowsPlace, files: FixtureFiles): FixtureRows {
  const span = rows.span ?? place.span;
  if (rows.rows !== undefined && rows.fixture !== undefined) {
    throw malformed(place, span, 'has both rows and a fixture', 'Keep one of them.');
  }
  switch (rows.format) {
    case 'dict':
      if (rows.fixture !== undefined) {
        throw malformed(
          place,
          span,
          'names a fixture file with format dict',
          'Fixture files need format: csv or sql.',
        );
      }
      return { kind: 'dict', rows: dictRows(rows.rows, place, span) };
    case 'csv': {
      const file = fixtureFile(rows, 'csv', place, span, files);
      const text = file?.text ?? textRows(rows.rows, 'csv', place, span);
      checkCsv(text, place, file ? { file: file.path, line: 1, col: 1 } : blockStart(span));
      return { kind: 'csv', text, ...(file ? { file: file.path } : {}) };
    }
    case 'sql': {
      const file = fixtureFile(rows, 'sql', place, span, files);
      const sql = (file?.text ?? textRows(rows.rows, 'sql', place, span)).trim().replace(/;\s*$/, '');
      if (sql === '')
        throw malformed(place, span, 'has an empty query', 'Write a SELECT that returns the rows.');
      return { kind: 'sql', sql, ...(file ? { file: file.path } : {}) };
    }
  }
}

function dictRows(rows: unknown, place: RowsPlace, span: Span): Record<string, unknown>[] {
  if (rows === undefined || rows === null) return [];
  if (!Array.isArray(rows)) {
    throw malformed(
      place,
      span,
      'must be a list of mappings',
      'Write rows as `- {column: value, …}`, or use format: csv.',
    );
  }
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw malformed(
        place,
        span,
        `must be a list of mappings, but row ${i + 1} is ${JSON.stringify(row)}`,
        'Write each row as {column: value, …}.',
      );
    }
  });
  return rows as Record<string, unknown>[];
}

function textRows(rows: unknown, format: 'csv' | 'sql', place: RowsPlace, span: Span): string {
  if (typeof rows === 'string') return rows;
  throw malformed(
    place,
    span,
    rows === undefined ? `needs rows or a fixture for format ${format}` : `must be ${format} text`,
    format === 'csv'
      ? 'Write `rows: |` followed by a header line and one line per row, or `fixture: <file name>`.'
      : 'Write `rows: select …`, or `fixture: <file name>` for a file in tests/fixtures/.',
  );
}

function fixtureFile(
  rows: UnitTestRows,
  extension: 'csv' | 'sql',
  place: RowsPlace,
  span: Span,
  files: FixtureFiles,
): FixtureFile | undefined {
  if (rows.fixture === undefined) return undefined;
  const name = rows.fixture.endsWith(`.${extension}`) ? rows.fixture : `${rows.fixture}.${extension}`;
  const file = files.get(name);
  if (file) return file;
  throw new LdpError({
    code: 'LDP614',
    message: `unit test '${place.testName}': the fixture '${rows.fixture}' of ${place.what} does not exist`,
    span,
    hint: `Create tests/fixtures/${name} (fixtures live in a fixtures/ folder of a test path).${
      files.size > 0 ? ` Fixtures found: ${[...files.keys()].sort().join(', ')}.` : ''
    }`,
  });
}

function checkCsv(text: string, place: RowsPlace, start: Span): void {
  const shape = csvShape(text);
  if (shape.ok) return;
  throw malformed(
    place,
    { ...start, line: start.line + shape.line },
    `is not valid CSV: it ${shape.problem}`,
    'The first line names the columns; every other line has one value per column (quote values containing commas).',
  );
}

/** Inline CSV under `rows: |` starts on the line after the key. */
function blockStart(span: Span): Span {
  return { file: span.file, line: span.line + 1, col: span.col };
}

function malformed(place: RowsPlace, span: Span, problem: string, hint: string): LdpError {
  return new LdpError({
    code: 'LDP613',
    message: `unit test '${place.testName}': ${place.what} ${problem}`,
    span,
    hint,
  });
}
