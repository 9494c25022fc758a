import { describe, expect, it } from 'vitest';
import { commitWithRetry, METADATA_CACHE_BOUNDS, metadataCacheUsage } from '../../src/iceberg/commit.js';
import { createTable, loadMetadata } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

const id = { namespace: ['gold'], name: 'busy' };

describe('the parsed metadata cache in a long-running process', () => {
  it('stays within its bound over 2,000 commits and still reads every table correctly', async () => {
    const wh = await newWarehouse();
    await createTable(wh.catalog, id, { conn: wh.conn, columns: [{ name: 'v', type: 'INTEGER' }] });
    const first = loadMetadata(wh.catalog, id)!;
    let current = first;
    const commits = 2_000;
    let largest = 0;
    for (let i = 0; i < commits; i++) {
      current = commitWithRetry(
        wh.catalog,
        id,
        current,
        // An empty metadata log keeps each file small: the cache, not the disk, is under test.
        (base) => ({ ...base, properties: { ...base.properties, commit: String(i) }, 'metadata-log': [] }),
        () => undefined,
        () => 1_700_000_000_000 + i,
      );
      largest = Math.max(largest, metadataCacheUsage().entries);
    }
    expect(commits).toBeGreaterThan(METADATA_CACHE_BOUNDS.maxEntries);
    expect(largest).toBeLessThanOrEqual(METADATA_CACHE_BOUNDS.maxEntries);
    expect(metadataCacheUsage().bytes).toBeLessThanOrEqual(METADATA_CACHE_BOUNDS.maxBytes!);
    const loaded = loadMetadata(wh.catalog, id)!;
    expect(loaded.location).toBe(current.location);
    expect(loaded.metadata.properties['commit']).toBe(String(commits - 1));
  });
});
