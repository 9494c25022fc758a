import { describe, expect, it } from 'vitest';
import { formatRowDiff } from '../../../src/adapters/duckdb/unit-test/format-row-diff.js';

describe('formatRowDiff', () => {
  it('aligns columns, marks rows and counts what it does not show', () => {
    const text = formatRowDiff({
      columns: ['id', 'name'],
      expectedRows: 40,
      actualRows: 41,
      missing: 1,
      unexpected: 31,
      shown: [
        { mark: '-', values: ['1', 'a much longer name than the header'] },
        { mark: '+', values: ['1', null] },
        { mark: '+', values: ['12', 'line\nbreak'] },
      ],
    });
    expect(text).toBe(
      [
        'actual differs from expected: 1 row missing (-), 31 unexpected rows (+); expected 40 rows, got 41',
        '  | id | name                               |',
        '  |----|------------------------------------|',
        '- | 1  | a much longer name than the header |',
        '+ | 1  | NULL                               |',
        '+ | 12 | line break                         |',
        '  … and 29 more differing rows',
      ].join('\n'),
    );
  });
});
