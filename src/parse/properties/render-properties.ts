import {
  hasJinja,
  mapYamlStrings,
  nativeValue,
  type RenderString,
  type YamlPath,
  type YamlSource,
} from '../../config/index.js';
import type { Diagnostics } from '../../errors/index.js';

/**
 * The keys of a test that are its config (dbt's `TestBuilder.CONFIG_ARGS`): written at the top of
 * a test or under its `config:`, their string values are rendered when the file is parsed.
 */
export const TEST_CONFIG_KEYS: ReadonlySet<string> = new Set([
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
  'sql_header',
  'database',
  'schema',
  'alias',
]);

const LATER = new Set(['tests', 'data_tests', 'description', 'loaded_at_query']);

/**
 * A properties file's values with their Jinja rendered as dbt renders a schema file when it
 * parses it (`var()`, `env_var()`, `target`), natively: `"{{ var('slow', false) }}"` is the
 * boolean false. Left for later, as in dbt: descriptions (rendered with `doc()`), hooks,
 * `loaded_at_query`, and test arguments (rendered when the test compiles). Of a test only its
 * config is rendered now: string values of the config keys at its top and under `config:`.
 * Unit tests render only their `config:`. A value that fails to render is an error at its line,
 * except a test's `where`, which the test's compile renders again with the full context.
 */
export function renderPropertiesValues(
  yaml: YamlSource,
  render: RenderString,
  diagnostics: Diagnostics,
): unknown {
  // Most files hold no Jinja and no quoted boolean: they are used as read, without a walk.
  if (!hasJinja(yaml.text) && !QUOTED_BOOLEAN.test(yaml.text)) return yaml.value;
  return mapYamlStrings(yaml.value, [], (value, path) => {
    const how = renderRule(path);
    if (how === 'keep') return value;
    // A test's config is rendered natively even without Jinja, as dbt's test builder does:
    // `enabled: "false"` disables the test.
    if (!hasJinja(value)) return how === 'test' ? nativeValue(value) : value;
    try {
      const rendered = render(value, yaml.spanOf(path, 'value'));
      return how === 'lenient' ? rendered : nativeValue(rendered);
    } catch (error) {
      if (how === 'lenient') return value;
      diagnostics.capture(() => {
        throw error;
      });
      return value;
    }
  });
}

/** A quoted `true`/`false`, which a test's config reads as the boolean. */
const QUOTED_BOOLEAN = /["'](true|false)["']/i;

/** `test`: a test's config value; `lenient`: a test's `where`, kept as written when it fails to render. */
type Rule = 'render' | 'test' | 'keep' | 'lenient';

/** How the string at `path` (from the file's top) is treated; see `renderPropertiesValues`. */
function renderRule(path: YamlPath): Rule {
  const [top, , ...keypath] = path;
  if (keypath.length === 0) return 'keep';
  switch (top) {
    case 'models':
    case 'seeds':
    case 'snapshots':
    case 'analyses':
    case 'data_tests':
    case 'exposures':
      return entryRule(keypath);
    case 'sources':
      if (keypath[0] === 'tables') return keypath.length > 2 ? entryRule(keypath.slice(2)) : 'keep';
      return entryRule(keypath);
    case 'macros':
      return keypath[0] === 'arguments' ? entryRule(keypath.slice(2)) : entryRule(keypath);
    case 'unit_tests':
      return keypath[0] === 'config' ? 'render' : 'keep';
    default:
      return 'keep';
  }
}

/** dbt's `SchemaYamlRenderer` rules below one entry, with a test's config rendered as its builder does. */
function entryRule(keypath: YamlPath): Rule {
  const first = keypath[0];
  if (typeof first !== 'string') return 'keep';
  if (LATER.has(first))
    return first === 'tests' || first === 'data_tests' ? testRule(keypath.slice(2)) : 'keep';
  if (first === 'config' && /^(pre[-_]hook|post[-_]hook|loaded_at_query)$/.test(String(keypath[1])))
    return 'keep';
  if ((first === 'columns' || first === 'versions') && keypath.length > 2) return entryRule(keypath.slice(2));
  return 'render';
}

/**
 * Below one test item: `[name, key]` and `[name, 'config', key]` (a one-key mapping), or `[key]`
 * and `['config', key]` (the `test_name:` form). Lists and mappings in the config stay as written.
 */
function testRule(sub: YamlPath): Rule {
  const last = sub[sub.length - 1];
  const inConfig = (sub.length === 2 && sub[0] === 'config') || (sub.length === 3 && sub[1] === 'config');
  const topLevel =
    typeof last === 'string' &&
    TEST_CONFIG_KEYS.has(last) &&
    (sub.length === 1 || (sub.length === 2 && sub[0] !== 'config' && sub[0] !== 'arguments'));
  if (!inConfig && !topLevel) return 'keep';
  return last === 'where' ? 'lenient' : 'test';
}
