import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/util/bounded-cache.js';

function keysOf(cache: BoundedCache<string, number>, candidates: readonly string[]): string[] {
  return candidates.filter((key) => cache.has(key));
}

describe('BoundedCache', () => {
  it('returns what was set and forgets deleted and cleared entries', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 10 });
    cache.set('a', 1, 5);
    cache.set('b', 2, 7);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('missing')).toBeUndefined();
    expect(cache.bytes).toBe(12);
    cache.set('a', 3, 1);
    expect(cache.get('a')).toBe(3);
    expect(cache.bytes).toBe(8);
    expect(cache.delete('b')).toBe(true);
    expect(cache.delete('b')).toBe(false);
    expect(cache.bytes).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('evicts the least recently used entries first when the entry bound is passed', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 8 });
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
    for (const [i, key] of keys.entries()) cache.set(key, i);
    // Reading k0 and k1 makes k2 and k3 the least recently used.
    cache.get('k0');
    cache.get('k1');
    cache.set('k8', 8);
    // Back to 7/8 of the bound: 7 entries, the two least recently used gone.
    expect(cache.size).toBe(7);
    expect(keysOf(cache, [...keys, 'k8'])).toEqual(['k0', 'k1', 'k4', 'k5', 'k6', 'k7', 'k8']);
  });

  it('evicts only the least recently used entry from a small cache', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 3 });
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) cache.set(key, i);
    expect(keysOf(cache, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
  });

  it('evicts by approximate size, oldest first, and keeps the entry just set', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 100, maxBytes: 100 });
    cache.set('a', 1, 40);
    cache.set('b', 2, 40);
    cache.get('a');
    cache.set('c', 3, 40);
    // 120 > 100: b (least recently used) goes first, which brings it to 80 <= 87.5.
    expect(keysOf(cache, ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(cache.bytes).toBe(80);
    cache.set('huge', 4, 95);
    expect(keysOf(cache, ['a', 'c', 'huge'])).toEqual(['huge']);
    expect(cache.bytes).toBe(95);
  });

  it('does not keep a value larger than the whole size bound', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 10, maxBytes: 100 });
    cache.set('small', 1, 10);
    cache.set('too-big', 2, 101);
    expect(cache.has('too-big')).toBe(false);
    expect(cache.get('small')).toBe(1);
  });

  it('stays within its bounds over a long run of distinct keys', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 64, maxBytes: 10_000 });
    let largest = 0;
    let heaviest = 0;
    for (let i = 0; i < 20_000; i++) {
      cache.set(`file-${i}`, i, 50 + (i % 300));
      if (i % 3 === 0) cache.get(`file-${i - 1}`);
      largest = Math.max(largest, cache.size);
      heaviest = Math.max(heaviest, cache.bytes);
    }
    expect(largest).toBeLessThanOrEqual(64);
    expect(heaviest).toBeLessThanOrEqual(10_000);
    expect(cache.get('file-19999')).toBe(19_999);
  });
});
