import { describe, expect, it } from 'vitest';
import { engineWith, render } from './render.js';

// Each expectation is what Jinja2 (as dbt configures it) prints for the same template.
describe('Jinja2 compatibility', () => {
  it('supports {% do %}', () => {
    expect(render('{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) %}{{ l }}')).toBe('[1, 2, 3]');
  });

  it('supports namespace() with attribute assignment in loops', () => {
    expect(
      render(
        '{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}',
      ),
    ).toBe('6');
  });

  it('formats with the format filter like Python %', () => {
    expect(render('{{ "%s-%05.2f-%d-%x-%%" | format("a", 3.14159, 7, 255) }}')).toBe('a-03.14-7-ff-%');
  });

  it('has Python string methods', () => {
    expect(
      render('{{ "AbC".lower() }} {{ "AbC".upper() }} {{ "  x  ".strip() }} {{ "xxaxx".strip("x") }}'),
    ).toBe('abc ABC x a');
    expect(render('{{ "a,b,,c".split(",") }} {{ "a b  c".split() }} {{ "a,b,c".split(",", 1) }}')).toBe(
      "['a', 'b', '', 'c'] ['a', 'b', 'c'] ['a', 'b,c']",
    );
    expect(
      render('{{ "a_b_c".replace("_", "-") }} {{ "abc".startswith("ab") }} {{ "abc".endswith(("x", "c")) }}'),
    ).toBe('a-b-c True True');
    expect(
      render('{{ "{} and {}".format(1, 2) }} {{ "{0}{0}".format("x") }} {{ "{name}!".format(name="hi") }}'),
    ).toBe('1 and 2 xx hi!');
  });

  it('has dict methods items(), keys(), values(), get()', () => {
    const out = render(
      '{% set d = {"a": 1, "b": 2} %}{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %} {{ d.keys() }} {{ d.values() }} {{ d.get("a") }} {{ d.get("z", 9) }} {{ d.get("z") }}',
    );
    expect(out).toBe("a=1;b=2; ['a', 'b'] [1, 2] 1 9 None");
  });

  it('has list append and dict()', () => {
    expect(render('{% set l = [1] %}{% do l.append("x") %}{{ l }} {{ dict(a=1, b="two") }}')).toBe(
      "[1, 'x'] {'a': 1, 'b': 'two'}",
    );
  });

  it('prints True, False, None, lists and dicts exactly as Python', () => {
    expect(render('{{ True }} {{ False }} {{ None }} {{ true }} {{ none }}')).toBe(
      'True False None True None',
    );
    expect(render('{{ [1, "a", None, True, 2.5] }}')).toBe("[1, 'a', None, True, 2.5]");
    expect(render('{{ {"k": "v", "n": [1, False]} }}')).toBe("{'k': 'v', 'n': [1, False]}");
    expect(render('{{ ["it\'s"] }}')).toBe(`["it's"]`);
    expect(render('{{ undefined_name }}|')).toBe('|');
  });

  it('supports negative indexes and slices on strings and lists', () => {
    expect(render('{{ "abcd"[-1] }} {{ "abcd"[1:-1] }} {{ "abcd"[::-1] }} {{ "abcd"[:2] }}')).toBe(
      'd bc dcba ab',
    );
    expect(render('{% set l = [1, 2, 3, 4] %}{{ l[-1] }} {{ l[1:3] }} {{ l[::-1] }} {{ l[-2:] }}')).toBe(
      '4 [2, 3] [4, 3, 2, 1] [3, 4]',
    );
  });

  it('supports is none, is defined, in', () => {
    expect(
      render('{{ x is none }} {{ None is none }} {{ x is defined }} {{ region is defined }}', undefined, {
        region: 'eu',
      }),
    ).toBe('False True False True');
    expect(render('{{ 1 in [1, 2] }} {{ "b" in "abc" }} {{ "k" in {"k": 1} }} {{ 3 not in [1] }}')).toBe(
      'True True True True',
    );
  });

  it('supports loop variables', () => {
    const out = render(
      '{% for x in ["a", "b", "c"] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.cycle("o", "e") }} {% endfor %}',
    );
    expect(out).toBe('103TrueFalse3o 212FalseFalse3e 321FalseTrue3o ');
    expect(render('{% for x in [] %}x{% else %}empty{% endfor %}')).toBe('empty');
  });

  it('trims whitespace with {%- -%}, {{- -}} and {#- -#}', () => {
    expect(render('a  {#- note -#}  b')).toBe('ab');
    expect(render('select\n  {%- if true %}\n  1\n  {%- endif %}\n')).toBe('select\n  1\n');
    expect(render('[ {{- "x" -}} ]')).toBe('[x]');
  });

  it('supports {% set %}…{% endset %} blocks', () => {
    expect(render('{% set sql %}select {{ 1 + 1 }}{% endset %}{{ sql | upper }}')).toBe('SELECT 2');
  });

  it('calls macros from any macro file, with defaults, keywords and nested calls', () => {
    const engine = engineWith({
      'macros/a.sql':
        '{% macro money(col, scale=2) -%}({{ col }} / 100)::decimal(16, {{ scale }}){%- endmacro %}',
      'macros/b.sql': '{% macro total(col) -%}sum({{ money(col, scale=4) }}){%- endmacro %}',
    });
    expect(render('{{ money("x") }} {{ total("y") }}', engine)).toBe(
      '(x / 100)::decimal(16, 2) sum((y / 100)::decimal(16, 4))',
    );
  });

  it('lets macros see the calling model context (ref, this)', () => {
    const engine = engineWith({
      'macros/a.sql': '{% macro upstream() %}{{ ref("orders") }} into {{ this }}{% endmacro %}',
    });
    expect(render('{{ upstream() }}', engine, { this: '"main"."m"' })).toBe(
      '"main"."orders" into "main"."m"',
    );
  });

  it('supports {% call %} with caller(), also with arguments', () => {
    const engine = engineWith({
      'macros/a.sql':
        '{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}',
    });
    expect(render('{% call wrap() %}inner{% endcall %}', engine)).toBe('<inner>');
    expect(render('{% call(item) each([1, 2]) %}[{{ item }}]{% endcall %}', engine)).toBe('[1][2]');
  });

  it('returns real values from macros with return()', () => {
    const engine = engineWith({
      'macros/a.sql':
        '{% macro cols() %}{{ return(["a", "b"]) }}{% endmacro %}{% macro flag() %}{% if true %}{{ return(False) }}{% endif %}x{% endmacro %}',
    });
    expect(render('{% set c = cols() %}{{ c | length }} {{ c[1] }} {{ flag() is false }}', engine)).toBe(
      '2 b True',
    );
  });

  it('turns {% test %} blocks into test_ macros', () => {
    const engine = engineWith({
      'tests/generic/positive.sql':
        '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} < 0{% endtest %}',
    });
    expect(render('{{ test_positive("t", "c") }}', engine)).toBe('select * from t where c < 0');
  });

  it('dispatches by adapter with default__ fallback, and quotes identifiers', () => {
    const engine = engineWith({
      'macros/a.sql':
        '{% macro default__greet() %}default{% endmacro %}{% macro duckdb__size() %}duck{% endmacro %}{% macro default__size() %}default{% endmacro %}',
    });
    expect(
      render(
        '{{ adapter.dispatch("greet")() }} {{ adapter.dispatch("size", "shop")() }} {{ adapter.quote("a\\"b") }}',
        engine,
      ),
    ).toBe('default duck "a""b"');
  });
});
