import type { Span } from '../errors/index.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** Renders one Jinja string of a YAML file (`{{ env_var('X') }}`), given where it is written. */
export type RenderString = (text: string, span: Span) => string;

/**
 * Renders every string value of a parsed YAML file, as dbt does for the project file and
 * profiles.yml, except under the paths `skip` accepts (hooks and vars are rendered later, per
 * node). Strings without Jinja delimiters are kept as written, which is what rendering them
 * would give, so plain files never pay for a render or a position lookup. Like dbt's native
 * rendering, a rendered integer or boolean becomes that value (`threads: "{{ env_var('N') }}"`).
 */
export function renderYamlValues(
  yaml: YamlSource,
  render: RenderString,
  options: {
    /** Render only the value at this path (e.g. one output of profiles.yml). */
    readonly at?: YamlPath;
    readonly skip?: (path: YamlPath) => boolean;
  } = {},
): unknown {
  const renderString = (value: string, path: YamlPath) =>
    hasJinja(value) ? nativeValue(render(value, yaml.spanOf(path, 'value'))) : value;
  const at = options.at ?? [];
  let start: unknown = yaml.value;
  for (const segment of at)
    start =
      start !== null && typeof start === 'object' ? (start as Record<string, unknown>)[segment] : undefined;
  return mapYamlStrings(start, at, renderString, options.skip);
}

/**
 * `value` (found at `path` of a YAML file) with every string replaced by what `onString` makes
 * of it, given its path; lists and mappings are copied, and a value at a path `skip` accepts is
 * kept as it is.
 */
export function mapYamlStrings(
  value: unknown,
  path: YamlPath,
  onString: (text: string, path: YamlPath) => unknown,
  skip: (path: YamlPath) => boolean = () => false,
): unknown {
  if (path.length > 0 && skip(path)) return value;
  if (typeof value === 'string') return onString(value, path);
  if (Array.isArray(value))
    return value.map((item, index) => mapYamlStrings(item, [...path, index], onString, skip));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value))
      out[key] = mapYamlStrings(child, [...path, key], onString, skip);
    return out;
  }
  return value;
}

export function hasJinja(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/** A rendered string as dbt's native rendering gives it back: a whole number or a boolean as that value. */
export function nativeValue(text: string): unknown {
  if (/^-?\d+$/.test(text.trim())) return Number(text.trim());
  if (/^(true|false)$/i.test(text.trim())) return text.trim().toLowerCase() === 'true';
  return text;
}

/**
 * dbt renders the project file when it is read, except what belongs to a later moment:
 * `on-run-start`/`on-run-end`, `vars`, `query-comment`, and hooks in the config trees.
 */
export function isDeferredProjectValue(path: YamlPath): boolean {
  const top = path[0];
  if (top === 'on-run-start' || top === 'on-run-end' || top === 'vars' || top === 'query-comment')
    return true;
  const last = path[path.length - 1];
  return (
    typeof last === 'string' && /^\+?(pre-hook|post-hook|pre_hook|post_hook)$/.test(last) && path.length > 1
  );
}
