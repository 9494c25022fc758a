import { fnmatch } from './fnmatch.js';
import type { NodeMatcher } from './fqn-method.js';

/**
 * dbt's `config.<key>:<value>`, with nested keys (`config.meta.owner:alice`). A list-valued
 * config matches when it contains the value; `true`/`false` match booleans (any case);
 * `severity` compares without case. Keys ldp keeps under `extra` are found as well. Exposures
 * and unit tests have no config and never match.
 */
export function configMatcher(keys: readonly string[], value: string): NodeMatcher {
  const caseless = keys.length === 1 && keys[0] === 'severity';
  const matchText = caseless ? (text: string) => text.toLowerCase() === value.toLowerCase() : fnmatch(value);
  const lower = value.toLowerCase();
  const matches = (actual: unknown): boolean => {
    if (typeof actual === 'boolean') return lower === String(actual);
    if (typeof actual === 'string') return matchText(actual);
    if (typeof actual === 'number' || typeof actual === 'bigint') return String(actual) === value;
    return false;
  };
  return (node) => {
    if (!('config' in node)) return false;
    const actual = descend(node.config, keys);
    return Array.isArray(actual) ? actual.some(matches) : matches(actual);
  };
}

function descend(config: object, keys: readonly string[]): unknown {
  let current: unknown = config;
  for (const [index, key] of keys.entries()) {
    if (current === null || typeof current !== 'object') return undefined;
    const record = current as Record<string, unknown>;
    if (Object.hasOwn(record, key)) current = record[key];
    else if (index === 0) current = (record['extra'] as Record<string, unknown> | undefined)?.[key];
    else return undefined;
  }
  return current;
}
