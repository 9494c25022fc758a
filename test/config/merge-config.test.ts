import { describe, expect, it } from 'vitest';
import { mergeConfig, normalizePartitionBy } from '../../src/config/index.js';

describe('mergeConfig', () => {
  it('defaults materialized per resource type (dbt: models are views)', () => {
    expect(mergeConfig([]).materialized).toBe('view');
    expect(mergeConfig([], 'model')).toMatchObject({
      enabled: true,
      materialized: 'view',
      tags: [],
      meta: {},
      pre_hook: [],
      post_hook: [],
      on_schema_change: 'ignore',
      extra: {},
    });
    expect(mergeConfig([], 'seed').materialized).toBe('seed');
    expect(mergeConfig([], 'snapshot').materialized).toBe('snapshot');
    expect(mergeConfig([], 'test').materialized).toBe('test');
  });

  it('applies dbt named merge rules from the least to the most specific level', () => {
    const config = mergeConfig([
      { materialized: 'table', tags: ['a', 'b'], meta: { owner: 'x', team: 't' }, '+pre-hook': 'p1' },
      { '+tags': 'c', meta: { owner: 'y' }, column_types: { id: 'int' }, post_hook: ['q1'] },
      { materialized: 'incremental', tags: ['b', 'd'], column_types: { name: 'text' }, pre_hook: ['p2'] },
      { 'post-hook': { sql: 'q2', transaction: false }, unique_key: ['id'] },
    ]);
    expect(config.materialized).toBe('incremental');
    expect(config.tags).toEqual(['a', 'b', 'c', 'd']);
    expect(config.meta).toEqual({ owner: 'y', team: 't' });
    expect(config.column_types).toEqual({ id: 'int', name: 'text' });
    expect(config.pre_hook).toEqual(['p1', 'p2']);
    expect(config.post_hook).toEqual(['q1', 'q2']);
    expect(config.unique_key).toEqual(['id']);
  });

  it('lets a later null reset a key, and keeps unused dbt keys in extra', () => {
    const config = mergeConfig([
      { schema: 'staging', access: 'protected' },
      { schema: null, enabled: false, severity: 'WARN' },
    ]);
    expect(config.schema).toBeUndefined();
    expect(config.enabled).toBe(false);
    expect(config.severity).toBe('warn');
    expect(config.extra).toEqual({ access: 'protected' });
  });

  it('normalizes partition_by in every written form', () => {
    expect(mergeConfig([{ partition_by: 'vendor_id' }]).partition_by).toEqual([
      { field: 'vendor_id', transform: 'identity' },
    ]);
    expect(
      mergeConfig([{ partition_by: { field: 'pickup_at', data_type: 'timestamp', granularity: 'month' } }])
        .partition_by,
    ).toEqual([{ field: 'pickup_at', transform: 'month' }]);
  });
});

describe('normalizePartitionBy', () => {
  it.each([
    ['vendor_id', [{ field: 'vendor_id', transform: 'identity' }]],
    [
      ['day(pickup_at)', 'vendor_id'],
      [
        { field: 'pickup_at', transform: 'day' },
        { field: 'vendor_id', transform: 'identity' },
      ],
    ],
    ['bucket(16, id)', [{ field: 'id', transform: 'bucket[16]' }]],
    ['truncate(name, 4)', [{ field: 'name', transform: 'truncate[4]' }]],
    [[{ field: 'd', transform: 'year' }], [{ field: 'd', transform: 'year' }]],
    [{ field: 'd', data_type: 'date', granularity: 'HOUR' }, [{ field: 'd', transform: 'hour' }]],
    [{ field: 'd', data_type: 'date' }, [{ field: 'd', transform: 'day' }]],
    [
      { field: 'n', data_type: 'int64', range: { start: 0, end: 100, interval: 10 } },
      [{ field: 'n', transform: 'identity' }],
    ],
    [
      [{ field: 'a', data_type: 'timestamp', granularity: 'day' }, { field: 'b' }],
      [
        { field: 'a', transform: 'day' },
        { field: 'b', transform: 'identity' },
      ],
    ],
  ])('%j', (written, expected) => {
    expect(normalizePartitionBy(written)).toEqual(expected);
  });

  it('rejects an unknown transform', () => {
    expect(() => normalizePartitionBy({ field: 'd', transform: 'week' })).toThrow(
      /unknown partition transform 'week'/,
    );
  });
});
