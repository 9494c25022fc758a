import jsYaml from 'js-yaml';
import type { Environment } from 'nunjucks';
import { percentFormat } from './python-format.js';
import { toIterable } from './python-methods.js';
import { isPlainObject, pythonStr } from './python-repr.js';
import { splitArgs } from './split-args.js';

/**
 * Jinja2 and dbt filters that nunjucks lacks or implements differently. Attribute arguments
 * accept dotted paths (`map(attribute='config.tags')`), as Jinja2 does.
 */
export function addJinjaFilters(env: Environment): void {
  const filters: Record<string, (...args: never[]) => unknown> = {
    format: (template: unknown, ...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      return percentFormat(String(template), positional, keywords);
    },
    map: (items: unknown, ...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      const list = [...toIterable(items)];
      if (keywords['attribute'] !== undefined) {
        return list.map((item) => attribute(item, String(keywords['attribute'])) ?? keywords['default']);
      }
      const name = String(positional[0]);
      const filter = env.getFilter(name) as (...a: unknown[]) => unknown;
      return list.map((item) => filter(item, ...positional.slice(1)));
    },
    select: (items: unknown, ...args: unknown[]) => selectBy(env, items, args, undefined, true),
    reject: (items: unknown, ...args: unknown[]) => selectBy(env, items, args, undefined, false),
    selectattr: (items: unknown, attr: unknown, ...args: unknown[]) =>
      selectBy(env, items, args, String(attr), true),
    rejectattr: (items: unknown, attr: unknown, ...args: unknown[]) =>
      selectBy(env, items, args, String(attr), false),
    unique: (items: unknown) => [...new Set(toIterable(items))],
    min: (items: unknown) => extreme(items, -1),
    max: (items: unknown) => extreme(items, 1),
    count: (value: unknown) => [...toIterable(value)].length,
    items: (value: unknown) => (isPlainObject(value) ? Object.entries(value) : []),
    attr: (value: unknown, name: unknown) => attribute(value, String(name)),
    tojson: (value: unknown, indent?: unknown) =>
      JSON.stringify(value ?? null, null, indent === undefined ? undefined : Number(indent)),
    toyaml: (value: unknown) => jsYaml.dump(value),
    string: (value: unknown) => pythonStr(value),
    as_bool: (value: unknown) => asNative(value),
    as_number: (value: unknown) => asNative(value),
    as_native: (value: unknown) => asNative(value),
    as_text: (value: unknown) => pythonStr(value),
    bool: (value: unknown) => Boolean(asNative(value)),
  };
  for (const [name, filter] of Object.entries(filters))
    env.addFilter(name, filter as (...args: unknown[]) => unknown);
}

function attribute(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((obj, key) => {
    if (obj === null || obj === undefined) return undefined;
    return /^\d+$/.test(key) && Array.isArray(obj) ? obj[Number(key)] : (obj as Record<string, unknown>)[key];
  }, value);
}

/** `select('odd')`, `selectattr('active')`, `selectattr('x', 'equalto', 1)`. */
function selectBy(
  env: Environment,
  items: unknown,
  args: unknown[],
  attr: string | undefined,
  keep: boolean,
): unknown[] {
  const [testName, ...testArgs] = splitArgs(args).positional;
  const test =
    testName === undefined
      ? undefined
      : ((env as unknown as TestLookup).getTest(String(testName)) as (...a: unknown[]) => boolean);
  return [...toIterable(items)].filter((item) => {
    const value = attr === undefined ? item : attribute(item, attr);
    const passed = test ? test(value, ...testArgs) : Boolean(value);
    return passed === keep;
  });
}

function extreme(items: unknown, direction: 1 | -1): unknown {
  const list = [...toIterable(items)];
  if (list.length === 0) return undefined;
  return list.reduce((best, item) =>
    (item as number) > (best as number) === (direction === 1) ? item : best,
  );
}

/** dbt's `as_native`: a rendered string such as `'True'`, `'3'` or `'[1, 2]'` back to its value. */
export function asNative(value: unknown): unknown {
  if (typeof value !== 'string' && !(value instanceof Object && value.constructor?.name === 'SafeString'))
    return value;
  const text = String(value).trim();
  if (text === 'True' || text === 'true') return true;
  if (text === 'False' || text === 'false') return false;
  if (text === 'None' || text === 'none') return null;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(
        text
          .replace(/'/g, '"')
          .replace(/\bTrue\b/g, 'true')
          .replace(/\bFalse\b/g, 'false')
          .replace(/\bNone\b/g, 'null'),
      );
    } catch {
      return text;
    }
  }
  return text;
}

interface TestLookup {
  getTest(name: string): unknown;
}
