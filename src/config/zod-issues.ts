import type { z } from 'zod';
import { didYouMeanHint, LdpError } from '../errors/index.js';
import type { YamlSource } from './yaml-source.js';

/**
 * zod's issues as ldp errors at the YAML position of the key or value, with a suggestion for
 * misspelt keys. Keys in `knownUnused` become warnings instead of errors.
 */
export function issuesToErrors(
  error: z.ZodError,
  yaml: YamlSource,
  what: string,
  knownUnused: ReadonlySet<string>,
  knownKeysAt: (path: readonly (string | number)[]) => readonly string[],
  /** Where the validated object sits in the file. */
  prefix: readonly (string | number)[] = [],
): { errors: LdpError[]; warnings: LdpError[] } {
  const errors: LdpError[] = [];
  const warnings: LdpError[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(path);
      for (const key of issue.keys) {
        const span = yaml.spanOf([...prefix, ...path, key]);
        if (knownUnused.has(key)) {
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
        errors.push(
          new LdpError({
            code: 'LDP103',
            message: `unknown key '${key}' in ${what}${path.length > 0 ? ` (under ${path.join('.')})` : ''}`,
            span,
            source: yaml.text,
            hint:
              didYouMeanHint(key, known) ??
              (known.length > 0 ? `Known keys: ${known.join(', ')}.` : 'Remove it.'),
          }),
        );
      }
      continue;
    }
    const allowed = 'values' in issue ? (issue.values as unknown[]).map(String) : undefined;
    errors.push(
      new LdpError({
        code: 'LDP104',
        message: `invalid value for '${path.join('.') || what}': ${issue.message}`,
        span: yaml.spanOf([...prefix, ...path], 'value'),
        source: yaml.text,
        ...(allowed ? { hint: `Allowed values: ${allowed.join(', ')}.` } : {}),
      }),
    );
  }
  return { errors, warnings };
}
