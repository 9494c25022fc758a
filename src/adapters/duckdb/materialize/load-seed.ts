import { existsSync, readFileSync } from 'node:fs';
import { LdpError } from '../../../errors/index.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { csvShape, quoteIdentifier, quoteLiteral } from '../../../sql/index.js';
import { committed } from './outcome.js';
import type { MaterializeContext, StepOf } from './step-context.js';
import { tableForStep } from './write-table.js';

/** Settings of a seed's CSV, from its config (`delimiter`, `column_types`). */
export interface SeedCsvOptions {
  readonly delimiter?: string;
  readonly columnTypes?: Readonly<Record<string, string>>;
}

/**
 * The DuckDB query that reads a seed: an explicit header row and dialect (delimiter, `"` quotes
 * doubled inside), so the sniffer never guesses another header or delimiter; types inferred from
 * every row (not a sample: seeds are small and one odd value must not fail the load), dates
 * only in ISO form (as dbt's loader reads them),
 * `column_types` winning over inference, and CRLF line ends handled by the reader.
 */
export function seedQuery(csvPath: string, options: SeedCsvOptions): string {
  const args = [
    quoteLiteral(csvPath),
    'header = true',
    `delim = ${quoteLiteral(options.delimiter ?? ',')}`,
    `quote = '"'`,
    `escape = '"'`,
    'strict_mode = true',
    'null_padding = false',
    'sample_size = -1',
    'auto_detect = true',
    // dbt's loader knows only ISO dates; one sniffed format per file would otherwise let a
    // `MM/DD/YYYY` column turn the file's ISO dates into text.
    `dateformat = '%Y-%m-%d'`,
  ];
  const types = Object.entries(options.columnTypes ?? {});
  if (types.length > 0) {
    args.push(
      `types = {${types.map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`).join(', ')}}`,
    );
  }
  return `SELECT * FROM read_csv(${args.join(', ')})`;
}

/** `ldp seed`: the CSV's rows replace the seed table's rows in one snapshot. */
export async function loadSeed(step: StepOf<'seed'>, ctx: MaterializeContext): Promise<StepOutcome> {
  if (!existsSync(step.csvPath)) {
    throw new LdpError({
      code: 'LDP413',
      message: `seed '${step.common.name}': ${step.csvPath} does not exist`,
      hint: 'The file was moved or deleted since the project was parsed; run again.',
    });
  }
  checkSeedShape(step);
  const sql = await seedWrite(step, () => typedSeedQuery(ctx, step));
  const { table, created } = await tableForStep(ctx, step, sql);
  const result = await seedWrite(step, () =>
    table.overwrite(ctx.conn, sql, { schemaMode: 'sync', summary: ctx.snapshotSummary(step) }),
  );
  await ctx.session.showTable(ctx.conn, table);
  return committed(created ? 'CREATE TABLE' : 'OVERWRITE', result.addedRecords, result.snapshotId, {
    operation: 'overwrite',
    rows_deleted: result.deletedRecords,
  });
}

/** Every record has as many fields as the header, or the seed fails at the first one that does not. */
function checkSeedShape(step: StepOf<'seed'>): void {
  const shape = csvShape(readFileSync(step.csvPath, 'utf8'), step.csv.delimiter ?? ',');
  if (shape.ok) return;
  const line = shape.line + 1;
  const problem = shape.fields
    ? `expected ${shape.fields.expected} fields, found ${shape.fields.found}`
    : `the CSV ${shape.problem}`;
  throw new LdpError({
    code: 'LDP416',
    message: `${step.csvFile}:${line}: ${problem}`,
    span: { file: step.csvFile, line, col: 1 },
    hint: shape.fields
      ? 'Give every row one value per header column (quote values that contain the delimiter); nothing was written.'
      : 'The first line names the columns and every other line has one value per column; nothing was written.',
  });
}

/** 32-bit integers: what dbt's seed loader types a column of whole numbers as (`integer`). */
const INT32 = { min: -2147483648n, max: 2147483647n };

/**
 * What dbt's loader (agate) accepts as each type DuckDB's sniffer may guess more widely, as a
 * test on the column's text: booleans are only `true`/`false` (DuckDB also takes yes/no, y/n,
 * t/f), dates only ISO `YYYY-MM-DD` (DuckDB also takes `MM/DD/YYYY` and others), and there is no
 * time-of-day type. A column that fails its test stays text, as dbt loads it.
 */
const AGATE_TEXT: Readonly<Record<string, (column: string) => string>> = {
  BOOLEAN: (c) => `lower(trim(${c})) IN ('true', 'false')`,
  DATE: (c) => `regexp_full_match(trim(${c}), '\\d{4}-\\d{2}-\\d{2}')`,
  TIMESTAMP: (c) => `regexp_matches(trim(${c}), '^\\d{4}-\\d{2}-\\d{2}[ T]\\d')`,
  'TIMESTAMP WITH TIME ZONE': (c) => `regexp_matches(trim(${c}), '^\\d{4}-\\d{2}-\\d{2}[ T]\\d')`,
  TIME: () => 'false',
};

/**
 * The seed's query, typed as dbt types a seed: DuckDB's sniffer reads whole numbers as BIGINT,
 * while dbt's loader (agate's inference, then the adapter's `integer`) makes them INTEGER. A
 * column whose values all fit in 32 bits is read as INTEGER; larger ones stay BIGINT (where
 * dbt's load would overflow). Booleans, dates and times agate would not recognise are read as
 * VARCHAR (`AGATE_TEXT`). `column_types` always win. Reading the header and types first also
 * makes a malformed file fail before anything is written.
 */
async function typedSeedQuery(ctx: MaterializeContext, step: StepOf<'seed'>): Promise<string> {
  const sniffed = seedQuery(step.csvPath, step.csv);
  const described = await ctx.conn.runAndReadAll(`DESCRIBE ${sniffed}`);
  const declared = new Set(Object.keys(step.csv.columnTypes ?? {}).map((name) => name.toLowerCase()));
  const columns = described
    .getRowObjectsJson()
    .map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }))
    .filter((column) => !declared.has(column.name.toLowerCase()));
  const wide = columns.filter((column) => column.type === 'BIGINT').map((column) => column.name);
  const textual = columns.filter((column) => AGATE_TEXT[column.type] !== undefined);
  const overrides: Record<string, string> = {
    ...Object.fromEntries((await narrowIntegers(ctx, sniffed, wide)).map((name) => [name, 'INTEGER'])),
    ...Object.fromEntries((await notAgateTyped(ctx, step, textual)).map((name) => [name, 'VARCHAR'])),
  };
  if (Object.keys(overrides).length === 0) return sniffed;
  return seedQuery(step.csvPath, { ...step.csv, columnTypes: { ...overrides, ...step.csv.columnTypes } });
}

/** The BIGINT columns whose values all fit in 32 bits. */
async function narrowIntegers(ctx: MaterializeContext, sniffed: string, wide: string[]): Promise<string[]> {
  if (wide.length === 0) return [];
  const bounds = wide.flatMap((name) => [`min(${quoteIdentifier(name)})`, `max(${quoteIdentifier(name)})`]);
  const reader = await ctx.conn.runAndReadAll(`SELECT ${bounds.join(', ')} FROM (${sniffed})`);
  const values = reader.getRows()[0] ?? [];
  const fits = (value: unknown) =>
    value === null || (BigInt(value as bigint) >= INT32.min && BigInt(value as bigint) <= INT32.max);
  return wide.filter((_, i) => fits(values[2 * i]) && fits(values[2 * i + 1]));
}

/** The columns (sniffed as a boolean, date or time) that hold a value agate would read as text. */
async function notAgateTyped(
  ctx: MaterializeContext,
  step: StepOf<'seed'>,
  columns: { name: string; type: string }[],
): Promise<string[]> {
  if (columns.length === 0) return [];
  const asText = seedQuery(step.csvPath, {
    ...step.csv,
    columnTypes: Object.fromEntries(columns.map((column) => [column.name, 'VARCHAR'])),
  });
  const checks = columns.map((column) => {
    const name = quoteIdentifier(column.name);
    return `coalesce(bool_and(${name} IS NULL OR ${AGATE_TEXT[column.type]!(name)}), true)`;
  });
  const reader = await ctx.conn.runAndReadAll(`SELECT ${checks.join(', ')} FROM (${asText})`);
  const accepted = reader.getRows()[0] ?? [];
  return columns.filter((_, i) => accepted[i] !== true).map((column) => column.name);
}

async function seedWrite<T>(step: StepOf<'seed'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LdpError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new LdpError(
      {
        code: 'LDP415',
        message: `seed '${step.common.name}': DuckDB cannot load ${step.csvPath}: ${message}`,
        span: { file: step.csvPath, line: lineOf(error), col: 1 },
        hint: 'Fix the CSV at that line, or set column_types (and delimiter) for the seed in its config.',
      },
      { cause: error },
    );
  }
}

/** The CSV line DuckDB names in its error, if any. */
function lineOf(error: unknown): number {
  const text = error instanceof Error ? error.message : '';
  const match = /\bLine: (\d+)|at line (\d+)|line (\d+)/i.exec(text);
  return match ? Number(match[1] ?? match[2] ?? match[3]) : 1;
}
