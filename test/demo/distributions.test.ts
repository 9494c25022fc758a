import { describe, expect, it } from 'vitest';
import { monthCalendar } from '../../src/demo/calendar.js';
import { bucketize, weightedZones } from '../../src/demo/distributions.js';
import { MANHATTAN_YELLOW_ZONES, OUTER_ZONES } from '../../src/demo/zone-lookup.js';

describe('demo distributions', () => {
  it('turns weights into equally likely buckets', () => {
    const buckets = bucketize([1, 3], 100);
    expect(buckets).toHaveLength(100);
    expect(buckets.filter((b) => b === 0)).toHaveLength(25);
    expect(buckets.filter((b) => b === 1)).toHaveLength(75);
    expect(bucketize([0, 1, 0], 10)).toEqual(Array(10).fill(1));
  });

  it('repeats busy zones by weight', () => {
    expect(weightedZones([1, 2, 3], { 2: 3 })).toEqual([1, 2, 2, 2, 3]);
  });

  it('knows month lengths and weekdays, leap years included', () => {
    const jan = monthCalendar('2023-01');
    expect(jan.first).toBe('2023-01-01');
    expect(jan.days).toBe(31);
    expect(jan.isoDays.slice(0, 2)).toEqual([7, 1]); // 1 January 2023 was a Sunday
    expect(monthCalendar('2024-02').days).toBe(29);
    expect(monthCalendar('2023-02').days).toBe(28);
  });

  it('splits the zones into the congestion area and the rest', () => {
    expect(MANHATTAN_YELLOW_ZONES).toContain(161);
    expect(MANHATTAN_YELLOW_ZONES).not.toContain(41); // Central Harlem is north of 96th Street
    expect(OUTER_ZONES).toContain(41);
    expect(OUTER_ZONES).not.toContain(132);
    expect(OUTER_ZONES).not.toContain(264);
    expect(MANHATTAN_YELLOW_ZONES.filter((id) => OUTER_ZONES.includes(id))).toEqual([]);
  });
});
