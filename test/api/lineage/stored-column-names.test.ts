import { describe, expect, it } from 'vitest';
import { namedAsStored } from '../../../src/api/record/stored-column-names.js';
import type { ColumnLineageResult } from '../../../src/lineage/index.js';

const source = { nodeId: 'model.shop.orders', column: 'id', kind: 'aggregate' } as const;
const traced: ColumnLineageResult = {
  status: 'traced',
  columns: [
    { traced: true, name: 'customer_id', sources: [] },
    { traced: true, name: 'count(id)', sources: [source] },
  ],
};
const names = (result: ColumnLineageResult) =>
  result.status === 'traced' ? result.columns.map((c) => c.name) : result.status;

describe('namedAsStored', () => {
  it('names an unaliased expression as BigQuery named its column (f0_), by position', () => {
    const result = namedAsStored(traced, [{ name: 'customer_id' }, { name: 'f0_' }]);
    expect(names(result)).toEqual(['customer_id', 'f0_']);
    expect(result.status === 'traced' && result.columns[1]!.sources).toEqual([source]);
  });

  it('keeps the traced names when the order is not certain', () => {
    // Reordered (a contract's order): shared names at other positions.
    expect(names(namedAsStored(traced, [{ name: 'f0_' }, { name: 'customer_id' }]))).toEqual([
      'customer_id',
      'count(id)',
    ]);
    // Another number of columns.
    expect(names(namedAsStored(traced, [{ name: 'customer_id' }]))).toEqual(['customer_id', 'count(id)']);
    expect(names(namedAsStored(traced, undefined))).toEqual(['customer_id', 'count(id)']);
    expect(names(namedAsStored({ status: 'failed', reason: 'x' }, [{ name: 'a' }]))).toBe('failed');
  });
});
