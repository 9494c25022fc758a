/**
 * Shapes of the demo data, as weights. They are turned into lookup lists of equal-probability
 * buckets so that DuckDB draws from them with one list index per row instead of a join.
 */

/** Relative trips per hour of day on weekdays: a morning ramp and an evening peak. */
export const WEEKDAY_HOUR_WEIGHTS: readonly number[] = [
  2.0, 1.2, 0.8, 0.5, 0.4, 0.6, 1.5, 2.8, 3.6, 3.8, 4.0, 4.3, 4.6, 4.8, 5.3, 5.5, 5.6, 6.4, 6.6, 5.8, 4.9,
  4.8, 4.3, 3.2,
];

/** Weekends: late nights stay busy, mornings are quiet. */
export const WEEKEND_HOUR_WEIGHTS: readonly number[] = [
  3.8, 3.2, 2.5, 1.8, 1.0, 0.6, 0.6, 0.9, 1.4, 2.2, 3.2, 4.0, 4.6, 4.9, 5.1, 5.2, 5.1, 5.2, 5.3, 5.0, 4.6,
  4.5, 4.5, 4.3,
];

/** Relative trips per ISO weekday (1 = Monday … 7 = Sunday). */
export const WEEKDAY_WEIGHTS: readonly number[] = [0.92, 0.98, 1.04, 1.1, 1.1, 1.02, 0.86];

/** The busiest pickup zones of Manhattan get more weight than the rest. */
export const HOT_MANHATTAN_ZONES: Readonly<Record<number, number>> = {
  237: 5,
  161: 5,
  236: 4,
  162: 4,
  186: 4,
  230: 4,
  142: 3,
  170: 3,
  163: 3,
  239: 3,
  68: 3,
  234: 3,
  48: 3,
  79: 3,
  141: 3,
  107: 2,
  249: 2,
  164: 2,
  140: 2,
  238: 2,
  113: 2,
  100: 2,
  90: 2,
  246: 2,
  233: 2,
  229: 2,
  263: 2,
  143: 2,
  262: 2,
  137: 2,
  158: 2,
  114: 2,
};

/**
 * `buckets` values such that drawing one uniformly follows `weights` (value = index). Each
 * bucket takes the index whose cumulative share covers the bucket's midpoint.
 */
export function bucketize(weights: readonly number[], buckets = 1000): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const out: number[] = [];
  let index = 0;
  let cumulative = weights[0] ?? 0;
  for (let b = 0; b < buckets; b++) {
    const point = ((b + 0.5) / buckets) * total;
    while (cumulative < point && index < weights.length - 1) {
      index++;
      cumulative += weights[index] ?? 0;
    }
    out.push(index);
  }
  return out;
}

/** Zone ids repeated by weight (default 1), for a uniform pick that favours busy zones. */
export function weightedZones(
  zones: readonly number[],
  weights: Readonly<Record<number, number>> = {},
): number[] {
  return zones.flatMap((id) => Array.from({ length: weights[id] ?? 1 }, () => id));
}
