import type { FreshnessStatus } from './freshness.js';
import type { SourceNode } from './node.js';
import type { FreshnessRule } from './properties.js';

const PERIOD_SECONDS: Readonly<Record<'minute' | 'hour' | 'day', number>> = {
  minute: 60,
  hour: 60 * 60,
  day: 24 * 60 * 60,
};

/**
 * dbt's `FreshnessThreshold.status`: `error` when the age is past `error_after`, else `warn`
 * when past `warn_after`, else `pass` (an age exactly at a limit is still within it).
 */
export function freshnessStatus(
  ageSeconds: number,
  rule: FreshnessRule,
): Exclude<FreshnessStatus, 'runtime error'> {
  const past = (limit: FreshnessRule['warnAfter']) =>
    limit !== undefined && ageSeconds > limit.count * PERIOD_SECONDS[limit.period];
  if (past(rule.errorAfter)) return 'error';
  if (past(rule.warnAfter)) return 'warn';
  return 'pass';
}

/**
 * The rule a source is checked against: a limit to compare with and a way to find its load time
 * (`loaded_at_field`, `loaded_at_query`, or, where the engine keeps it, the table's metadata).
 */
export function freshnessRuleOf(
  source: SourceNode,
  options: { readonly fromMetadata?: boolean } = {},
): FreshnessRule | undefined {
  const rule = source.freshness;
  if (!rule || (rule.warnAfter === undefined && rule.errorAfter === undefined)) return undefined;
  if (source.loadedAtField === undefined && source.loadedAtQuery === undefined && !options.fromMetadata)
    return undefined;
  return rule;
}

/** `2024-05-01T10:00:00.123456+00:00` (dbt's form) from microseconds since the epoch. */
export function isoFromMicros(micros: bigint): string {
  const seconds = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
  const fraction = micros - seconds * 1_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}${fraction === 0n ? '' : `.${fraction.toString().padStart(6, '0')}`}+00:00`;
}

/** Microseconds since the epoch of a JS date. */
export function microsOf(date: Date): bigint {
  return BigInt(date.getTime()) * 1000n;
}
