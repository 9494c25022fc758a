import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../../../errors/index.js';
import type { StepOutcome } from '../../../model/run-result.js';
import type { FixtureColumn, UnitTestInput } from '../../../model/unit-test.js';
import { quoteIdentifier } from '../../../sql/index.js';
import { compareRows, type RowComparison } from '../unit-test/compare-rows.js';
import { formatRowDiff } from '../unit-test/format-row-diff.js';
import { inputColumns } from '../unit-test/input-columns.js';
import { type FixturePlaces, loadFixture } from '../unit-test/load-fixture.js';
import { UnitTestEngine } from '../unit-test/unit-test-engine.js';
import { sqlError } from './sql-errors.js';
import type { MaterializeContext, StepOf } from './step-context.js';

type UnitTestStep = StepOf<'unit-test'>;

const ACTUAL = '__ldp_actual';
const EXPECTED = '__ldp_expected';
/** Lines put before the compiled SQL when it runs (`CREATE TEMP TABLE … AS`). */
const ACTUAL_LINE_OFFSET = 1;

/**
 * A unit test, on a connection of the command's unit-test database (in memory, apart from the
 * lakehouse: nothing of the warehouse is attached), so the model reads only its fixtures. Each
 * input becomes a temporary table with the columns its relation has in the lakehouse when the
 * test runs, the model's query runs over them, and its rows are compared with `expect` as a
 * multiset over the expected columns.
 */
export async function runUnitTest(step: UnitTestStep, ctx: MaterializeContext): Promise<StepOutcome> {
  let scratch: string | undefined;
  const places: FixturePlaces = {
    projectRoot: ctx.projectRoot,
    scratch: () => (scratch ??= mkdtempSync(join(tmpdir(), 'ldp-unit-test-'))),
  };
  const engine = ctx.unitTestEngine ?? new UnitTestEngine();
  try {
    return await engine.withConnection(async (conn) => {
      const interrupt = () => conn.interrupt();
      ctx.signal.addEventListener('abort', interrupt, { once: true });
      try {
        return await testOn(conn, ctx.conn, step, places);
      } finally {
        ctx.signal.removeEventListener('abort', interrupt);
      }
    });
  } finally {
    if (engine !== ctx.unitTestEngine) await engine.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

async function testOn(
  conn: DuckDBConnection,
  lakehouse: DuckDBConnection,
  step: UnitTestStep,
  places: FixturePlaces,
): Promise<StepOutcome> {
  const test = step.test;
  for (const input of test.inputs) {
    const columns = await loadFixture(
      conn,
      {
        table: input.table,
        rows: input.rows,
        known: await inputColumns(lakehouse, input),
        fill: true,
        what: `the rows of input ${input.input}`,
        testName: test.name,
        span: input.span,
      },
      places,
    );
    if (columns.length === 0) throw columnsUnknown(step, input);
  }
  const actual = await runModel(conn, step);
  const compared = await loadExpected(conn, step, actual, places);
  return outcome(await compareRows(conn, { expected: EXPECTED, actual: ACTUAL }, compared));
}

/** The model's rows over the fixtures; a SQL error points at the compiled file. */
async function runModel(conn: DuckDBConnection, step: UnitTestStep): Promise<FixtureColumn[]> {
  try {
    await conn.run(`CREATE TEMP TABLE ${quoteIdentifier(ACTUAL)} AS\n${step.sql}`);
  } catch (error) {
    const located = sqlError(error, step.common, ACTUAL_LINE_OFFSET);
    const where = located.span ? ` (${located.span.file}:${located.span.line})` : '';
    throw new LdpError(
      {
        ...located.toInit(),
        message: `unit test '${step.test.name}': model '${step.test.modelName}' failed on the fixtures${where}: ${located.message.replace(/^.*? failed in DuckDB: /, '')}`,
      },
      { cause: error },
    );
  }
  const reader = await conn.runAndReadAll(`DESCRIBE ${quoteIdentifier(ACTUAL)}`);
  return reader.getRowObjectsJson().map((row) => ({
    name: String(row['column_name']),
    type: String(row['column_type']),
  }));
}

/** `expect`, typed like the model's output; its columns are the ones compared (all, when it has no rows). */
async function loadExpected(
  conn: DuckDBConnection,
  step: UnitTestStep,
  actual: readonly FixtureColumn[],
  places: FixturePlaces,
): Promise<string[]> {
  const expect = step.test.expect;
  const target = {
    table: EXPECTED,
    rows: expect.rows,
    known: actual,
    fill: false,
    what: 'expect',
    testName: step.test.name,
    span: expect.span,
  };
  const columns = await loadFixture(conn, target, places);
  if (columns.length === 0) {
    await conn.run(
      `CREATE TEMP TABLE ${quoteIdentifier(EXPECTED)} AS SELECT * FROM ${quoteIdentifier(ACTUAL)} LIMIT 0`,
    );
    return actual.map((column) => column.name);
  }
  const outputNames = new Map(actual.map((column) => [column.name.toLowerCase(), column.name]));
  const unknown = columns.find((column) => !outputNames.has(column.name.toLowerCase()));
  if (unknown) throw notInOutput(step, unknown.name, actual);
  return columns.map((column) => column.name);
}

function outcome(comparison: RowComparison): StepOutcome {
  const differing = comparison.missing + comparison.unexpected;
  const facts = {
    _message: differing === 0 ? 'PASS' : `${differing} differing rows`,
    expected_rows: comparison.expectedRows,
    actual_rows: comparison.actualRows,
    missing_rows: comparison.missing,
    unexpected_rows: comparison.unexpected,
  };
  if (differing === 0) return { status: 'pass', detail: 'PASS', failures: 0, adapterResponse: facts };
  return {
    status: 'fail',
    detail: `FAIL ${differing}`,
    failures: differing,
    blocksDependents: true,
    message: formatRowDiff(comparison),
    adapterResponse: facts,
  };
}

function columnsUnknown(step: UnitTestStep, input: UnitTestInput): LdpError {
  const test = step.test;
  return new LdpError({
    code: 'LDP615',
    message: `unit test '${test.name}' (${input.span.file}:${input.span.line}): model '${test.modelName}' reads ${input.input}, which the test ${
      input.rows.kind === 'empty' ? 'does not give' : 'gives no rows'
    }, and its columns are unknown`,
    span: input.span,
    hint: `Give it under given: (\`- input: ${input.input}\` with \`rows: []\` for an empty input), or declare its columns with data_type in its properties YAML.`,
  });
}

function notInOutput(step: UnitTestStep, column: string, actual: readonly FixtureColumn[]): LdpError {
  const test = step.test;
  const span = test.expect.span;
  return new LdpError({
    code: 'LDP616',
    message: `unit test '${test.name}' (${span.file}:${span.line}): expect has column '${column}', which model '${test.modelName}' does not return`,
    span,
    hint: `The model returns: ${actual.map((c) => c.name).join(', ')}.`,
  });
}
