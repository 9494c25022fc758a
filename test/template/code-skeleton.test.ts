import { describe, expect, it } from 'vitest';
import { createFilterRegistry } from '../../src/template/filters/index.js';
import { createTemplateEngine } from '../../src/template/index.js';
import { CONSTANTS, codeSkeleton } from '../../src/template/syntax/code-skeleton.js';
import { templateCode, templateFromCode } from '../../src/template/syntax/compile-template.js';

const names = createFilterRegistry();

/** Renders `text` with its own compiled function, as ldp did before templates shared code. */
function renderAlone(text: string, context: Record<string, unknown>): string {
  const engine = createTemplateEngine({
    macroFiles: [],
    adapterType: 'duckdb',
    // A code string the skeleton scan refuses (a comment) makes the engine compile it alone.
    templateCode: (source) => `${templateCode(source, 'x.sql', names)}\n// alone`,
  });
  return engine.render({ path: 'x.sql', text }, context);
}

function render(text: string, context: Record<string, unknown>): string {
  return createTemplateEngine({ macroFiles: [], adapterType: 'duckdb' }).render(
    { path: 'x.sql', text },
    context,
  );
}

describe('template code skeletons', () => {
  it('gives templates of the same structure one body, whatever their SQL and names', () => {
    const one = codeSkeleton(templateCode("select a from {{ ref('orders') }} -- x", 'a.sql', names))!;
    const two = codeSkeleton(
      templateCode("with t as (\n  select 1 from {{ ref('customers') }}\n) select 2", 'b.sql', names),
    )!;
    expect(one.body).toBe(two.body);
    expect(one.constants).toContain('orders');
    expect(two.constants).toContain('customers');
    expect(one.body).not.toContain('orders');
    expect(one.body).toContain(`${CONSTANTS}[`);
  });

  it('renders exactly what the template compiled on its own renders', () => {
    const texts = [
      'plain "quoted" \'single\' \\ back\\slash \t tab \r\n crlf \u2028 sep \u0001 control é 😀',
      '{{ "it\'s" }} {{ "a\\"b" }} {{ \'tab\\there\' }} {{ \'\\x41\\u00e9\' }} {{ 1.5 + 2 }} {{ -3 }} {{ 10 // 3 }}',
      "{% set d = {'k': 'v', 'n': 2, 3: 'three'} %}{{ d['k'] }}{{ d.n }}{{ d[3] }}{{ 'y' if d.n > 1 else 'z' }}",
      "{% for x in [1, 2.25, 'w'] %}{{ loop.index }}:{{ x }}{% if not loop.last %},{% endif %}{% endfor %}",
      "{% macro m(a, b=7) %}[{{ a }}|{{ b }}]{% endmacro %}{{ m('q') }}{{ m(1, b='r') }}{% call m(2) %}c{% endcall %}",
      "{{ 'x' | upper }}{{ [3, 1, 2] | sort | join('-') }}{{ 'a,b' .split(',') }}{{ '%s-%d' % ('s', 4) }}",
      "{{ value }} {{ value * 2 }} {{ 'v=' ~ value }} {% if value is number %}n{% endif %}",
    ];
    for (const text of texts) {
      const code = templateCode(text, 'x.sql', names);
      expect(codeSkeleton(code)).toBeDefined();
      expect([text, render(text, { value: 21 })]).toEqual([text, renderAlone(text, { value: 21 })]);
    }
  });

  it('reports errors at the same place', () => {
    const text = "line one\n{{ ref('a') }}\n  {{ missing_function(1) }}";
    const errorOf = (run: () => string) => {
      try {
        run();
      } catch (error) {
        return (error as { span?: unknown; message: string }).span;
      }
      throw new Error('expected an error');
    };
    const where = errorOf(() => render(text, { ref: () => 'r' }));
    expect(where).toEqual(errorOf(() => renderAlone(text, { ref: () => 'r' })));
    expect(where).toMatchObject({ line: 3, col: 6 });
  });

  it('leaves code alone that it cannot read with certainty', () => {
    expect(codeSkeleton('return `a`;')).toBeUndefined();
    expect(codeSkeleton('var a = 1; // note\nreturn a;')).toBeUndefined();
    expect(codeSkeleton('var a = "line\\\ncontinued";')).toBeUndefined();
    expect(codeSkeleton('var a = "\\0";')).toBeUndefined();
    const kept = codeSkeleton(
      'var o = {"key": "value", 2: 3}; var t = c ? "yes" : "no"; var n = t_1 + 1e5 + 0x1f;',
    )!;
    expect(kept.body).toBe(
      'var o = {"key": $k[0], 2: $k[1]}; var t = c ? "yes" : $k[2]; var n = t_1 + 1e5 + 0x1f;',
    );
    expect(kept.constants).toEqual(['value', 3, 'no']);
    expect(templateFromCode('return { root: function root() {} };', 'x').root).toBeTypeOf('function');
  });
});
