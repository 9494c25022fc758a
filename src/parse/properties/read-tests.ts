import type { TestDefinition } from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';

/**
 * `data_tests:` (or `tests:`) entries: `unique`, `{accepted_values: {values: [...]}}` with
 * arguments inline or under `arguments:`, config at the top of the test or under `config:`,
 * and an optional `name:` / `test_name:`.
 */
export function readTests(entry: EntryReader, at: string): TestDefinition[] {
  const keys = ['data_tests', 'tests'].filter((key) => entry.value[key] !== undefined);
  const tests: TestDefinition[] = [];
  for (const key of keys) {
    entry.list(key).forEach((item, index) => {
      const path = [key, index];
      const span = entry.yaml.entrySpan(item, entry.entrySpan);
      if (typeof item === 'string') {
        tests.push({ testName: item, args: {}, config: {}, span });
        return;
      }
      const outer = entry.child(path, item, `a test of ${at}`);
      if (!outer) return;
      const names = Object.keys(outer.value);
      const testName = names.length === 1 ? names[0]! : undefined;
      if (testName === undefined || typeof outer.value[testName] !== 'object') {
        tests.push(...readNamedForm(outer, span));
        return;
      }
      const body = outer.child([testName], outer.value[testName] ?? {}, `test '${testName}' of ${at}`);
      if (body) tests.push(readBody(body, testName, span));
    });
  }
  return tests;
}

/** `{name: my_check, test_name: accepted_values, values: [...]}` — dbt's other form. */
function readNamedForm(outer: EntryReader, span: TestDefinition['span']): TestDefinition[] {
  const testName = outer.string('test_name');
  if (testName === undefined) {
    outer.checkKeys(['test_name']);
    return [];
  }
  return [readBody(outer, testName, span)];
}

/** Keys of a test that are its config rather than arguments of the test macro (dbt's list). */
const TEST_CONFIG_KEYS = new Set([
  'enabled',
  'severity',
  'tags',
  'meta',
  'where',
  'limit',
  'warn_if',
  'error_if',
  'fail_calc',
  'store_failures',
  'store_failures_as',
  'database',
  'schema',
  'alias',
]);

function readBody(body: EntryReader, testName: string, span: TestDefinition['span']): TestDefinition {
  const args: Record<string, unknown> = {};
  const config: Record<string, unknown> = { ...body.config('config').config };
  let customName: string | undefined;
  for (const [key, value] of Object.entries(body.value)) {
    if (key === 'config' || key === 'test_name') continue;
    if (key === 'name') customName = String(value);
    else if (key === 'arguments') Object.assign(args, body.record('arguments'));
    else if (TEST_CONFIG_KEYS.has(key)) config[key] = value;
    else args[key] = value;
  }
  return { testName, ...(customName ? { customName } : {}), args, config, span };
}
