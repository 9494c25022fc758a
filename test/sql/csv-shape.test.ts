import { describe, expect, it } from 'vitest';
import { csvShape } from '../../src/sql/index.js';

describe('csvShape', () => {
  it('reads the header, quoted fields with commas, escaped quotes and line breaks, and skips blank lines', () => {
    expect(csvShape('id,name\n1,"a, b"\n\n2,"say ""hi""\nthere"\n')).toEqual({
      ok: true,
      header: ['id', 'name'],
      rows: 2,
    });
  });

  it('reports the line of a ragged record, an unclosed quote and a missing header', () => {
    expect(csvShape('id,name\n1,a\n2,"b\nc",x\n')).toEqual({
      ok: false,
      problem: 'has 3 fields where the header has 2',
      line: 2,
      fields: { expected: 2, found: 3 },
    });
    expect(csvShape('id,name\n1,"open\n')).toEqual({
      ok: false,
      problem: 'has a quote that is never closed',
      line: 1,
    });
    expect(csvShape('\n\n')).toEqual({ ok: false, problem: 'has no header line', line: 0 });
    expect(csvShape('id;name\n1;a;b\n', ';')).toMatchObject({
      ok: false,
      line: 1,
      fields: { expected: 2, found: 3 },
    });
    expect(csvShape('id,,name\n')).toMatchObject({
      ok: false,
      problem: 'has an empty column name (column 2)',
    });
  });
});
