/**
 * Load responses by metadata location: a metadata file never changes once written, so its
 * `LoadTableResult` bytes and ETag can be kept and sent again without reading or building
 * anything. Bounded by entries and bytes; the least recently used entry goes first.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 256,
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    if (entry.body.length > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) this.bytes -= previous.body.length;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest, value] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.body.length;
    }
  }
}

export interface CachedResponse {
  readonly body: Buffer;
  readonly etag: string;
  /** The body gzipped, made on the first request that accepts it. */
  gzipped?: Buffer;
}
