import { describe, expect, it } from 'vitest';
import { freshnessStatus, isoFromMicros } from '../../src/model/freshness-status.js';

describe('freshness status', () => {
  const rule = {
    warnAfter: { count: 12, period: 'hour' as const },
    errorAfter: { count: 1, period: 'day' as const },
  };

  it('is within a limit up to and including it, as dbt compares (age > limit)', () => {
    expect(freshnessStatus(12 * 3600, rule)).toBe('pass');
    expect(freshnessStatus(12 * 3600 + 0.5, rule)).toBe('warn');
    expect(freshnessStatus(86_400, rule)).toBe('warn');
    expect(freshnessStatus(86_400.001, rule)).toBe('error');
    // A load time in the future is fresh.
    expect(freshnessStatus(-60, rule)).toBe('pass');
  });

  it('applies only the limits that are set', () => {
    expect(freshnessStatus(10 * 86_400, { warnAfter: { count: 1, period: 'minute' } })).toBe('warn');
    expect(freshnessStatus(10 * 86_400, { errorAfter: { count: 30, period: 'day' } })).toBe('pass');
  });

  it('writes times as dbt does, with microseconds only when there are some', () => {
    expect(isoFromMicros(1_704_067_200_000_000n)).toBe('2024-01-01T00:00:00+00:00');
    expect(isoFromMicros(1_704_067_200_000_123n)).toBe('2024-01-01T00:00:00.000123+00:00');
    expect(isoFromMicros(-1n)).toBe('1969-12-31T23:59:59.999999+00:00');
  });
});
