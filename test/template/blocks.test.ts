import { describe, expect, it } from 'vitest';
import { extractBlocks, macroFileSource } from '../../src/template/index.js';
import { engineWith, errorOf } from './render.js';

const FILE = `{% docs orders %}
The **orders** table.
{% enddocs %}

{%- test positive(model, column_name, strict=True) -%}
select * from {{ model }} where {{ column_name }} < 0
{%- endtest %}
{% snapshot orders_snapshot %}select 1{% endsnapshot %}
{% materialization lake, adapter='duckdb', supported_languages=['sql'] %}x{% endmaterialization %}
{% macro outer(a, b={'x': 1, 'y': 2}) %}{% macro inner() %}{% endmacro %}{% endmacro %}`;

describe('extractBlocks', () => {
  const blocks = extractBlocks('macros/all.sql', FILE);

  it('finds docs, test, snapshot, materialization and macro blocks with kind, name, args, body and span', () => {
    expect(blocks.map((b) => [b.kind, b.name, b.args])).toEqual([
      ['docs', 'orders', []],
      ['test', 'positive', ['model', 'column_name', 'strict']],
      ['snapshot', 'orders_snapshot', []],
      ['materialization', 'lake', ["adapter='duckdb'", "supported_languages=['sql']"]],
      ['macro', 'outer', ['a', 'b']],
    ]);
    expect(blocks.map((b) => b.span.line)).toEqual([1, 5, 8, 9, 10]);
    expect(blocks[0]!.body).toBe('\nThe **orders** table.\n');
    expect(blocks[2]!.body).toBe('select 1');
    expect(blocks[4]!.body).toBe('{% macro inner() %}{% endmacro %}');
    expect(blocks[1]!.span).toEqual({ file: 'macros/all.sql', line: 5, col: 1 });
  });

  it('says where each body starts, so a body renders with the file positions', () => {
    const snapshot = blocks[2]!;
    expect(snapshot.bodySpan).toEqual({ file: 'macros/all.sql', line: 8, col: 31 });
    expect(FILE.slice(snapshot.bodyStart, snapshot.bodyStart + snapshot.body.length)).toBe(snapshot.body);
    const error = errorOf(() =>
      engineWith().render({ path: 'snapshots/s.sql', text: 'select\n{{ oops( }}', line: 8, col: 27 }, {}),
    );
    expect(error.span).toEqual({ file: 'snapshots/s.sql', line: 9, col: 10 });
  });

  it('reports an unclosed block at its opening tag', () => {
    const error = errorOf(() => extractBlocks('snapshots/s.sql', 'select 1\n\n  {% snapshot s %}\nselect 2'));
    expect(error.code).toBe('LDP201');
    expect(error.message).toMatch(/never closed/);
    expect(error.span).toEqual({ file: 'snapshots/s.sql', line: 3, col: 3 });
  });

  it('compiles test blocks as test_ macros and blanks the other blocks, keeping line numbers', () => {
    const source = macroFileSource('macros/all.sql', FILE);
    expect(source.split('\n')).toHaveLength(FILE.split('\n').length);
    expect(source).toMatch(/macro test_positive\(model, column_name, strict=True\)/);
    expect(source).not.toMatch(/docs|snapshot|materialization/);
  });
});
