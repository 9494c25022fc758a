import type { UnitTestDefinition } from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';

const UNIT_TEST_KEYS = ['name', 'model', 'description', 'given', 'expect', 'overrides', 'config', 'versions'];
const FORMATS = ['dict', 'csv', 'sql'] as const;
type Fixture = UnitTestDefinition['expect'];

/** dbt's unit test format: `model`, `given` inputs, `expect`ed rows, and `overrides`. */
export function readUnitTest(entry: EntryReader): UnitTestDefinition | undefined {
  entry.checkKeys(UNIT_TEST_KEYS);
  const name = entry.string('name', true);
  const model = entry.string('model', true);
  const owner = `unit test '${name ?? ''}'`;
  const given = entry.children('given', `an input of ${owner}`).flatMap((input) => {
    input.checkKeys(['input', 'rows', 'format', 'fixture']);
    const ref = input.string('input', true);
    return ref === undefined ? [] : [{ input: ref, inputSpan: input.spanOf('input'), ...readFixture(input) }];
  });
  const expectEntry = entry.childAt('expect', `expect of ${owner}`);
  expectEntry?.checkKeys(['rows', 'format', 'fixture']);
  if (expectEntry === undefined && entry.value['expect'] === undefined) entry.string('expect', true);
  const overrides = entry.childAt('overrides', `overrides of ${owner}`);
  overrides?.checkKeys(['vars', 'macros', 'env_vars']);
  const config = entry.childAt('config', `config of ${owner}`);
  config?.checkKeys(['enabled', 'tags', 'meta']);
  if (name === undefined || model === undefined) return undefined;
  return {
    name,
    model,
    description: entry.string('description') ?? '',
    given,
    expect: expectEntry ? readFixture(expectEntry) : { format: 'dict', span: entry.entrySpan },
    overrides: {
      vars: overrides?.record('vars') ?? {},
      macros: overrides?.record('macros') ?? {},
      env_vars: overrides?.record('env_vars') ?? {},
    },
    config: config?.value ?? {},
    span: entry.entrySpan,
  };
}

/** Rows inline (`rows:` as a list or CSV/SQL text) or from a fixture file; `format` defaults to dict. */
function readFixture(entry: EntryReader): Fixture {
  const format = entry.oneOf('format', FORMATS) ?? 'dict';
  const fixture = entry.string('fixture');
  const rows = entry.value['rows'];
  if (rows !== undefined && rows !== null) {
    const ok = format === 'dict' ? Array.isArray(rows) || typeof rows === 'string' : typeof rows === 'string';
    if (!ok)
      entry.typeErrorAt('rows', format === 'dict' ? 'must be a list of rows' : `must be ${format} text`);
  }
  const dataKey = rows === undefined && fixture !== undefined ? 'fixture' : 'rows';
  return {
    format,
    ...(rows !== undefined && rows !== null ? { rows } : {}),
    ...(fixture !== undefined ? { fixture } : {}),
    span: dataKey in entry.value ? entry.spanOf(dataKey) : entry.spanAt([], 'value'),
  };
}
