import type { TestDefinition } from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';
import { TEST_CONFIG_KEYS } from './render-properties.js';

/**
 * `data_tests:` (or `tests:`) entries: `unique`, `{accepted_values: {values: [...]}}` with
 * arguments inline or under `arguments:`, config at the top of the test or under `config:`,
 * an optional custom `name:`, or dbt's flat form `{name: x, test_name: accepted_values, …}`.
 */
export function readTests(entry: EntryReader, at: string): TestDefinition[] {
  const keys = ['data_tests', 'tests'].filter((key) => entry.value[key] !== undefined);
  if (keys.length > 1) {
    entry.typeErrorAt(
      'tests',
      `has both 'tests' and 'data_tests'`,
      "Move every test under data_tests: ('tests' is its old name).",
    );
  }
  const tests: TestDefinition[] = [];
  for (const key of keys) {
    entry.list(key).forEach((item, index) => {
      const test = readTest(entry, [key, index], item, at);
      if (test) tests.push(test);
    });
  }
  return tests;
}

function readTest(
  entry: EntryReader,
  path: [string, number],
  item: unknown,
  at: string,
): TestDefinition | undefined {
  const span = entry.spanAt(path, 'value');
  if (typeof item === 'string') return { testName: item, args: {}, config: {}, span };
  const outer = entry.child(path, item, `a test of ${at}`);
  if (!outer) return undefined;
  if ('test_name' in outer.value) {
    const testName = outer.string('test_name', true);
    return testName === undefined ? undefined : readBody(outer, testName, span);
  }
  const names = Object.keys(outer.value);
  if (names.length !== 1) {
    outer.typeErrorAt(
      names[1] ?? '',
      'is not a test: a test is a name (unique), a one-key mapping (accepted_values: {values: [...]}), or has test_name:',
      'Put arguments and config inside the test mapping, e.g. - accepted_values: {values: [a, b], config: {severity: warn}}.',
    );
    return undefined;
  }
  const testName = names[0]!;
  const body = outer.child([testName], outer.value[testName] ?? {}, `test '${testName}' of ${at}`);
  return body ? readBody(body, testName, span) : undefined;
}

function readBody(body: EntryReader, testName: string, span: TestDefinition['span']): TestDefinition {
  const args: Record<string, unknown> = {};
  const topLevel: Record<string, unknown> = {};
  let customName: string | undefined;
  for (const [key, value] of Object.entries(body.value)) {
    // dbt keeps a test's `description` out of its name and of the macro's arguments.
    if (key === 'config' || key === 'test_name' || key === 'description') continue;
    if (key === 'name') customName = body.string('name');
    else if (key === 'arguments') Object.assign(args, body.record('arguments'));
    else if (TEST_CONFIG_KEYS.has(key)) topLevel[key] = value;
    else args[key] = value;
  }
  body.validateConfig(topLevel);
  // Config under `config:` wins over the same key written at the top of the test, as in dbt.
  const config = { ...topLevel, ...body.config('config').config };
  return { testName, ...(customName ? { customName } : {}), args, config, span };
}
