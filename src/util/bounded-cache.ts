/** How large a cache may grow before it forgets its least recently used entries. */
export interface CacheBounds {
  /** At most this many entries. */
  readonly maxEntries: number;
  /** At most this many bytes, as the sizes given to `set` add up (an estimate, not a measurement). */
  readonly maxBytes?: number;
}

interface Slot<V> {
  readonly value: V;
  readonly bytes: number;
  used: number;
}

/**
 * A least-recently-used cache bounded by entry count and approximate size, for long-running
 * processes (`ldp catalog serve`, `ldp mcp`) where an unbounded cache is a memory leak.
 *
 * A hit is one Map lookup and a counter bump: caches of Iceberg metadata and manifests are hit
 * thousands of times in a run. Eviction sorts by last use, so it runs in batches: when a bound is
 * passed, entries go, least recently used first, until the cache is back to 7/8 of its bounds.
 * A value larger than the whole size bound is not kept at all; the entry just set always stays.
 */
export class BoundedCache<K, V> {
  private readonly slots = new Map<K, Slot<V>>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private clock = 0;
  private totalBytes = 0;

  constructor(bounds: CacheBounds) {
    this.maxEntries = Math.max(1, Math.floor(bounds.maxEntries));
    this.maxBytes = bounds.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.slots.size;
  }

  /** The sum of the sizes of the entries kept. */
  get bytes(): number {
    return this.totalBytes;
  }

  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    slot.used = ++this.clock;
    return slot.value;
  }

  has(key: K): boolean {
    return this.slots.has(key);
  }

  /** Keeps `value` under `key`; `bytes` is its approximate size (0 when only the count bounds). */
  set(key: K, value: V, bytes = 0): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.slots.set(key, { value, bytes, used: ++this.clock });
    this.totalBytes += bytes;
    if (this.slots.size > this.maxEntries || this.totalBytes > this.maxBytes) this.evict();
  }

  delete(key: K): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    this.slots.delete(key);
    this.totalBytes -= slot.bytes;
    return true;
  }

  clear(): void {
    this.slots.clear();
    this.totalBytes = 0;
  }

  private evict(): void {
    // 7/8 of the bound, rounded up: a small cache evicts just what it must.
    const entryTarget = this.maxEntries - Math.floor(this.maxEntries / 8);
    const byteTarget = (this.maxBytes * 7) / 8;
    const oldestFirst = [...this.slots].sort((a, b) => a[1].used - b[1].used);
    // The entry just set is the newest and always stays.
    for (const [key] of oldestFirst.slice(0, -1)) {
      if (this.slots.size <= entryTarget && this.totalBytes <= byteTarget) return;
      this.delete(key);
    }
  }
}
