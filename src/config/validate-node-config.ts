import type { z } from 'zod';
import { didYouMeanHint, LdpError, type Span } from '../errors/index.js';
import { STORABLE_NAME_RULE, storableNameProblem } from '../sql/index.js';
import {
  canonicalConfigKey,
  KNOWN_UNUSED_CONFIG_KEYS,
  NODE_CONFIG_KEYS,
  QUIET_CONFIG_KEYS,
} from './node-config-keys.js';
import { normalizePartitionBy } from './partition-by.js';
import { hasJinja } from './render-values.js';
import { expectedOf } from './zod-issues.js';

/** The keys a custom key is compared with: close to one of them, it is probably a typo. */
const TYPO_CANDIDATES = [
  ...Object.keys(NODE_CONFIG_KEYS),
  'pre-hook',
  'post-hook',
  ...KNOWN_UNUSED_CONFIG_KEYS,
  ...QUIET_CONFIG_KEYS,
];

/**
 * Checks node config written anywhere (project tree, properties YAML, `{{ config() }}`): each
 * known key's value must have its key's shape. Other keys are custom config, legal in dbt and
 * kept in the node's config (`config.get('owner')`, manifest.json); they warn only when they
 * look like a typo of a known key, and known-but-unused dbt keys warn that ldp ignores them.
 * `spanOf` gives the place of a key (or of the whole call).
 */
export function validateNodeConfig(
  values: Readonly<Record<string, unknown>>,
  spanOf: Span | ((key: string) => Span),
): { errors: LdpError[]; warnings: LdpError[] } {
  const errors: LdpError[] = [];
  const warnings: LdpError[] = [];
  const where = (key: string) => (typeof spanOf === 'function' ? spanOf(key) : spanOf);
  for (const [written, value] of Object.entries(values)) {
    const bare = written.startsWith('+') ? written.slice(1) : written;
    const key = canonicalConfigKey(written);
    if (key === undefined) {
      const warning = unknownKeyWarning(bare, where(written));
      if (warning) warnings.push(warning);
      continue;
    }
    // None is dbt's "not set": packages pass `incremental_strategy=none` to keep the default.
    if (value === null) continue;
    const schema = NODE_CONFIG_KEYS[key] as z.ZodType;
    const result = schema.safeParse(value);
    if (!result.success) errors.push(valueError(bare, value, result.error, where(written)));
    else if (NAME_KEYS.has(key) && typeof value === 'string') {
      const problem = hasJinja(value) ? undefined : storableNameProblem(value);
      if (problem) errors.push(badName(bare, value, problem, where(written)));
    } else if (key === 'partition_by' && value !== null) {
      try {
        normalizePartitionBy(value);
      } catch (error) {
        errors.push(
          new LdpError({
            code: 'LDP104',
            message: `config 'partition_by': ${(error as Error).message}`,
            span: where(written),
            hint: "Use identity, year, month, day, hour, bucket[N] or truncate[N]: e.g. 'day(pickup_at)', 'bucket(16, id)', {field: pickup_at, transform: month}.",
          }),
        );
      }
    }
  }
  return { errors, warnings };
}

/** A warning for a key ldp does not act on: a dbt key it ignores, or a likely typo; else none. */
function unknownKeyWarning(key: string, span: Span): LdpError | undefined {
  if (QUIET_CONFIG_KEYS.has(key)) return undefined;
  if (KNOWN_UNUSED_CONFIG_KEYS.has(key)) {
    return new LdpError({
      code: 'LDP102',
      severity: 'warning',
      message: `config '${key}' is accepted for dbt compatibility but not used by ldp yet`,
      span,
    });
  }
  const suggestion = didYouMeanHint(key, TYPO_CANDIDATES);
  if (suggestion === undefined) return undefined;
  return new LdpError({
    code: 'LDP150',
    severity: 'warning',
    message: `config '${key}' is not a known config; it is kept as a custom config`,
    span,
    hint: `${suggestion} A custom key that is not a typo can stay; under meta: it never warns.`,
  });
}

/** Keys whose value names a schema, table or database: a folder of the warehouse and a catalog row. */
const NAME_KEYS: ReadonlySet<string> = new Set([
  'schema',
  'alias',
  'database',
  'target_schema',
  'target_database',
]);

/** Refused before anything is written, so no catalog row or folder is left half made. */
function badName(key: string, value: string, problem: string, span: Span): LdpError {
  return new LdpError({
    code: 'LDP146',
    message: `config '${key}' names ${JSON.stringify(value)}, which cannot be stored: ${problem}`,
    span,
    hint: STORABLE_NAME_RULE,
  });
}

/** Words for the keys whose zod shape is a union (zod only says "Invalid input" for those). */
const EXPECTED: Readonly<Record<string, string>> = {
  tags: 'a string or a list of strings',
  unique_key: 'a column name or a list of column names',
  pre_hook: 'SQL text, {sql, transaction}, or a list of them',
  post_hook: 'SQL text, {sql, transaction}, or a list of them',
  partition_by:
    "a column name, 'day(column)', {field, transform}, {field, data_type, granularity}, or a list of them",
  check_cols: "'all' or a list of column names",
  severity: 'error or warn',
};

function valueError(key: string, value: unknown, error: z.ZodError, span: Span): LdpError {
  const issue = error.issues[0];
  const allowed = issue && 'values' in issue ? (issue.values as unknown[]).map(String) : undefined;
  const canonical = canonicalConfigKey(key) ?? key;
  const suggestion = allowed ? didYouMeanHint(String(value), allowed) : undefined;
  const hint = allowed
    ? `${suggestion ? `${suggestion} ` : ''}Allowed values: ${allowed.join(', ')}.`
    : `Expected ${EXPECTED[canonical] ?? expectedOf(issue)}.`;
  return new LdpError({
    code: 'LDP104',
    message: `config '${key}' has an invalid value ${JSON.stringify(value)}`,
    span,
    hint,
  });
}
