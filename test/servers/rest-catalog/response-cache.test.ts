import { describe, expect, it } from 'vitest';
import { type CachedResponse, ResponseCache } from '../../../src/servers/rest-catalog/response-cache.js';

const body = (bytes: number): CachedResponse => ({ body: Buffer.alloc(bytes), etag: `"${bytes}"` });

describe('the REST catalog response cache', () => {
  it('counts gzipped bodies against its size bound', () => {
    const cache = new ResponseCache(10, 100);
    const a = body(40);
    cache.set('a', a);
    cache.set('b', body(40));
    a.gzipped = Buffer.alloc(30);
    cache.set('a', a);
    // 110 bytes with a's gzipped copy: b, now the least recently used, goes.
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
  });

  it('forgets the least recently used response past its entry bound', () => {
    const cache = new ResponseCache(2, 1000);
    cache.set('a', body(1));
    cache.set('b', body(2));
    cache.get('a');
    cache.set('c', body(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.etag).toBe('"1"');
    expect(cache.get('c')?.etag).toBe('"3"');
  });
});
