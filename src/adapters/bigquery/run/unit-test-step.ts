import { LdpError } from '../../../errors/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import type { FixtureColumn, FixtureRows } from '../../../model/unit-test.js';
import { fixtureColumns } from '../../../model/unit-test-columns.js';
import { quoteBigQueryIdentifier as q, quoteBigQueryString } from '../../../sql/index.js';
import { adapterResponse } from './adapter-response.js';
import { columnsOf, readRemoteRelation } from './remote-state.js';
import type { StepJobRunner } from './step-executor.js';

type UnitTestStep = Extract<PlannedStep, { kind: 'unit-test' }>;

/** Differing rows a failure shows. */
const SHOWN_ROWS = 30;

/**
 * A unit test on BigQuery: each fixture becomes a CTE of GoogleSQL literals named as the
 * compiled SQL reads it (`` `__ldp_input__trips` ``), typed from the columns the upstream
 * relation has when the test runs (BigQuery's schema, or the YAML's `data_type`); the model's query runs over them
 * and is compared with the expected rows as multisets (each duplicate counts, order does not),
 * in one query job. Expected values take the types of the model's output (a free dry run).
 */
export async function runUnitTest(step: UnitTestStep, jobs: StepJobRunner): Promise<StepOutcome> {
  const test = step.test;
  // The upstream relations' columns as BigQuery holds them now: parents built earlier in this
  // build count, as in dbt.
  const inputs = await Promise.all(
    test.inputs.map(async (input) => {
      const stored = await readRemoteRelation(jobs.context.connection, input.upstream);
      const columns = fixtureColumns(stored?.columns ?? [], input.columns);
      return `${q(input.table)} AS (\n${fixtureQuery(input.rows, columns)}\n)`;
    }),
  );
  const withInputs = inputs.length > 0 ? `WITH ${inputs.join(',\n')}\n` : '';
  const actual = `${withInputs}SELECT * FROM (\n${step.sql.trim()}\n)`;
  const { schema } = await jobs.context.runner.dryRun(actual);
  const outputTypes = new Map(columnsOf(schema).map((c) => [c.name.toLowerCase(), c.type]));
  const expectedRows = rowsOf(test.expect.rows);
  const names = expectedColumns(test.expect.rows, expectedRows, [...outputTypes.keys()]);
  const typed = names.map((name) => ({ name, type: outputTypes.get(name.toLowerCase()) }));
  const list = names.map(q).join(', ');
  const job = await jobs.run(
    `WITH ldp_actual AS (\n${actual}\n),\nldp_expected AS (\n${fixtureQuery(test.expect.rows, typed)}\n),\n` +
      `ldp_diff AS (\n  SELECT ${list}, SUM(ldp_side) AS ldp_count FROM (\n` +
      `    SELECT ${list}, 1 AS ldp_side FROM ldp_expected\n    UNION ALL\n` +
      `    SELECT ${list}, -1 AS ldp_side FROM ldp_actual\n  ) GROUP BY ${list}\n)\n` +
      `SELECT ${list}, ldp_count FROM ldp_diff WHERE ldp_count != 0 LIMIT ${SHOWN_ROWS}`,
  );
  const rows: { values: unknown[]; count: number }[] = [];
  for await (const page of job.pages())
    for (const row of page) {
      const cells = row.f.map((cell) => cell.v);
      rows.push({ values: cells.slice(0, -1), count: Number(cells.at(-1)) });
    }
  const facts = { jobs: jobs.jobs, code: 'SELECT' };
  if (rows.length === 0)
    return { status: 'pass', detail: 'PASS', failures: 0, adapterResponse: adapterResponse(facts) };
  const missing = rows.filter((r) => r.count > 0).reduce((n, r) => n + r.count, 0);
  const unexpected = rows.filter((r) => r.count < 0).reduce((n, r) => n - r.count, 0);
  return {
    status: 'fail',
    detail: 'FAIL',
    failures: missing + unexpected,
    blocksDependents: true,
    message: `unit test '${test.name}' of model '${test.modelName}': ${missing} expected row${missing === 1 ? '' : 's'} missing, ${unexpected} unexpected${rows.length === SHOWN_ROWS ? ` (first ${SHOWN_ROWS} differing rows shown)` : ''}`,
    sample: {
      columns: ['diff', ...names],
      rows: rows.flatMap((r) =>
        Array.from({ length: Math.abs(r.count) }, () => [r.count > 0 ? '-' : '+', ...r.values]),
      ),
    },
    adapterResponse: adapterResponse(facts),
  };
}

/** The columns compared: the expected rows' own (dbt compares only those), else the output's. */
function expectedColumns(
  fixture: FixtureRows,
  rows: readonly Record<string, unknown>[],
  output: readonly string[],
): string[] {
  if (fixture.kind === 'dict') return [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (fixture.kind === 'csv')
    return Object.keys(rows[0] ?? {}).length > 0 ? Object.keys(rows[0]!) : csvHeader(fixture.text);
  return [...output];
}

/** A fixture as a GoogleSQL query: one SELECT of literals per row, or the fixture's own SQL. */
function fixtureQuery(fixture: FixtureRows, columns: readonly FixtureColumn[]): string {
  if (fixture.kind === 'sql') return fixture.sql;
  const rows = rowsOf(fixture);
  const names = [
    ...new Set([
      ...columns.map((c) => c.name),
      ...rows.flatMap((row) => Object.keys(row)),
      ...(fixture.kind === 'csv' ? csvHeader(fixture.text) : []),
    ]),
  ];
  const typeOf = new Map(columns.map((c) => [c.name.toLowerCase(), c.type]));
  const select = (row: Record<string, unknown> | undefined) =>
    `SELECT ${names.map((name) => `${literal(row?.[name], typeOf.get(name.toLowerCase()))} AS ${q(name)}`).join(', ')}`;
  if (names.length === 0)
    throw new LdpError({
      code: 'LDP885',
      message: 'a unit-test fixture without columns cannot run on BigQuery',
      hint: 'Give the fixture at least one row, or declare the columns of the input in its properties YAML.',
    });
  // No rows: one row of nulls, filtered out, keeps the columns and their types.
  return rows.length === 0
    ? `${select(undefined)}\nFROM UNNEST([1])\nWHERE FALSE`
    : rows.map(select).join('\nUNION ALL\n');
}

function literal(value: unknown, type: string | undefined): string {
  if (value === null || value === undefined) return type ? `CAST(NULL AS ${type})` : 'NULL';
  const text =
    typeof value === 'boolean'
      ? value
        ? 'TRUE'
        : 'FALSE'
      : typeof value === 'number'
        ? String(value)
        : undefined;
  if (type) return `CAST(${quoteBigQueryString(String(value))} AS ${type})`;
  return text ?? quoteBigQueryString(String(value));
}

function rowsOf(fixture: FixtureRows): Record<string, unknown>[] {
  if (fixture.kind === 'dict') return fixture.rows.map((row) => ({ ...row }));
  if (fixture.kind === 'csv') {
    const [header, ...records] = parseCsv(fixture.text);
    return records.map((record) =>
      Object.fromEntries((header ?? []).map((name, i) => [name, record[i] === '' ? null : record[i]])),
    );
  }
  return [];
}

function csvHeader(text: string): string[] {
  return parseCsv(text)[0] ?? [];
}

/** RFC 4180 CSV: `"` quotes a field, `""` inside one is a quote; blank lines are skipped. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const input = text.trim();
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      record.push(field.trim());
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  record.push(field.trim());
  if (record.some((f) => f !== '')) records.push(record);
  return records;
}
