import type { z } from 'zod';
import { didYouMeanHint, LdpError } from '../errors/index.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

export interface IssueContext {
  readonly yaml: YamlSource;
  /** What was validated, for messages: `ldp_project.yml`, `output 'dev' of profile 'shop'`. */
  readonly what: string;
  /** dbt keys ldp reads without acting on: a warning instead of an error. */
  readonly knownUnused?: ReadonlySet<string>;
  /** dbt keys ldp accepts silently (they change nothing it builds). */
  readonly quiet?: ReadonlySet<string>;
  /** Keys dbt renamed, old → new: the hint names the new key. */
  readonly renamed?: Readonly<Record<string, string>>;
  /** The keys allowed at a path (relative to `prefix`), for "did you mean". */
  readonly knownKeysAt: (path: YamlPath) => readonly string[];
  /** Where the validated object sits in the file. */
  readonly prefix?: YamlPath;
}

/**
 * zod's issues as ldp errors at the YAML position of the key or value, with a suggestion for
 * misspelt keys, and the expected type or allowed values for a wrong value.
 */
export function issuesToErrors(
  error: z.ZodError,
  context: IssueContext,
): { errors: LdpError[]; warnings: LdpError[] } {
  const errors: LdpError[] = [];
  const warnings: LdpError[] = [];
  const { yaml, what, prefix = [] } = context;
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code !== 'unrecognized_keys') {
      errors.push(valueError(issue, path, context));
      continue;
    }
    for (const key of issue.keys) {
      if (context.quiet?.has(key)) continue;
      const span = yaml.spanOf([...prefix, ...path, key]);
      if (context.knownUnused?.has(key)) {
        warnings.push(
          new LdpError({
            code: 'LDP102',
            severity: 'warning',
            message: `'${key}' in ${what} is accepted for dbt compatibility but not used by ldp yet`,
            span,
          }),
        );
        continue;
      }
      const known = context.knownKeysAt(path);
      const renamed = context.renamed?.[key];
      errors.push(
        new LdpError({
          code: 'LDP103',
          message: `unknown key '${key}' in ${what}${path.length > 0 ? ` (under ${path.join('.')})` : ''}`,
          span,
          source: yaml.text,
          hint:
            (renamed ? `'${key}' was renamed to '${renamed}'.` : didYouMeanHint(key, known)) ??
            (known.length > 0 ? `Known keys: ${known.join(', ')}.` : 'Remove it.'),
        }),
      );
    }
  }
  return { errors: byPosition(errors), warnings: byPosition(warnings) };
}

/** In the order they appear in the file, as a reader goes through it. */
function byPosition(errors: LdpError[]): LdpError[] {
  const key = (e: LdpError) => (e.span ? e.span.line * 100_000 + e.span.col : 0);
  return errors.sort((a, b) => key(a) - key(b));
}

function valueError(issue: z.core.$ZodIssue, path: YamlPath, context: IssueContext): LdpError {
  const { yaml, what, prefix = [] } = context;
  const allowed = 'values' in issue ? (issue.values as unknown[]).map(String) : undefined;
  const written = valueAt(yaml.value, [...prefix, ...path]);
  const suggestion = allowed && typeof written === 'string' ? didYouMeanHint(written, allowed) : undefined;
  const hint = allowed
    ? `${suggestion ? `${suggestion} ` : ''}Allowed values: ${allowed.join(', ')}.`
    : `Expected ${expectedOf(issue)}.`;
  if (written === undefined && issue.code === 'invalid_type') {
    return new LdpError({
      code: 'LDP104',
      message: `'${path.join('.')}' is required in ${what}`,
      span: yaml.spanOf([...prefix, ...path.slice(0, -1)]),
      source: yaml.text,
      hint: `Add ${String(path[path.length - 1])}: <${expectedOf(issue).replace(/^an? /, '')}>.`,
    });
  }
  return new LdpError({
    code: 'LDP104',
    message: `invalid value for '${path.join('.') || what}' in ${what}: ${issue.message}`,
    span: yaml.spanOf([...prefix, ...path], 'value'),
    source: yaml.text,
    hint,
  });
}

function valueAt(root: unknown, path: YamlPath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** What a wrong value should have been, in words. */
export function expectedOf(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'another value';
  if (issue.code === 'invalid_type') return issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
  if (issue.code === 'invalid_union') return 'one of the forms this key accepts (see the docs)';
  if (issue.code === 'invalid_value')
    return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}
