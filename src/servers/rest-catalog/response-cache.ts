import { BoundedCache } from '../../util/bounded-cache.js';

/**
 * Load responses by metadata location: a metadata file never changes once written, so its
 * `LoadTableResult` bytes and ETag can be kept and sent again without reading or building
 * anything. Owned by one server; bounded (256 responses, 256 MiB of bodies, gzipped copies
 * included), the least recently used going first.
 */
export class ResponseCache {
  private readonly entries: BoundedCache<string, CachedResponse>;

  constructor(maxEntries = 256, maxBytes = 256 * 1024 * 1024) {
    this.entries = new BoundedCache({ maxEntries, maxBytes });
  }

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  /** Keeps `entry`; set it again after adding its gzipped body, so the size bound counts both. */
  set(key: string, entry: CachedResponse): void {
    this.entries.set(key, entry, entry.body.length + (entry.gzipped?.length ?? 0));
  }
}

export interface CachedResponse {
  readonly body: Buffer;
  readonly etag: string;
  /** The body gzipped, made on the first request that accepts it. */
  gzipped?: Buffer;
}
