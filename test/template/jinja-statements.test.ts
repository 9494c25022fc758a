import { describe, expect, it } from 'vitest';
import { engineWith, errorOf, render } from './render.js';

// Every expected string is what Jinja2 prints for the same template with dbt's settings
// (no trim_blocks, no lstrip_blocks); the few places where ldp chooses otherwise say so.
describe('Jinja2 statements', () => {
  it('{% do %} evaluates an expression and prints nothing', () => {
    expect(render('{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) %}[{% do l %}]{{ l }}')).toBe(
      '[][1, 2, 3]',
    );
  });

  it('namespace() holds attributes that {% set ns.x %} assigns, also from inside loops', () => {
    expect(
      render(
        '{% set ns = namespace(total=0, seen=[]) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }} {{ namespace(a=1) }}',
      ),
    ).toBe("6 <Namespace {'a': 1}>");
    expect(errorOf(() => render('{% set d = {} %}{% set d.x = 1 %}')).message).toMatch(
      /cannot assign attribute on non-namespace object/,
    );
  });

  it('{% set %}…{% endset %} captures a block', () => {
    expect(render('{% set sql %}select {{ 1 + 1 }}{% endset %}{{ sql | upper }}|{{ sql | length }}')).toBe(
      'SELECT 2|8',
    );
    expect(render('{% set x -%}\n  a\n{%- endset %}[{{ x }}]')).toBe('[a]');
  });

  it('trims whitespace with {%- -%}, {{- -}}, {#- -#} and nothing else (no trim_blocks, no lstrip_blocks)', () => {
    expect(render('a  {#- note -#}  b')).toBe('ab');
    expect(render('[ {{- "x" -}} ]')).toBe('[x]');
    expect(render('select\n  {%- if true %}\n  1\n  {%- endif %}\n')).toBe('select\n  1\n');
    expect(render('{% if true %}\nx\n{% endif %}\n')).toBe('\nx\n\n');
    expect(render('  {% if true %}x{% endif %}')).toBe('  x');
  });

  it('keeps the final newline of a template unless told to drop it as Jinja2 does', () => {
    expect(render('select 1\n')).toBe('select 1\n');
    expect(
      engineWith({}, { keepTrailingNewline: false }).render({ path: 'm.sql', text: 'select 1\n\n' }, {}),
    ).toBe('select 1\n');
  });

  it('{% raw %} and comments', () => {
    expect(render('{% raw %}{{ not rendered }}{% if %}{% endraw %}')).toBe('{{ not rendered }}{% if %}');
    expect(render('a {%- raw -%}  {{ x }}  {%- endraw -%} b')).toBe('a{{ x }}b');
    expect(render('a{# a comment {{ x }} #}b{#\n multi\n line\n#}c')).toBe('abc');
  });

  it('exposes loop.index, index0, first, last, length, revindex and cycle()', () => {
    expect(
      render(
        '{% for x in ["a", "b", "c"] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.cycle("o", "e") }} {% endfor %}',
      ),
    ).toBe('103TrueFalse3o 212FalseFalse3e 321FalseTrue3o ');
    expect(
      render('{% for x in [1, 2, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }};{% endfor %}'),
    ).toBe('<1>2;1<2>3;2<3>;');
  });

  it('{% for %} … {% else %} runs the else block when nothing was iterated', () => {
    expect(render('{% for x in [] %}x{% else %}empty{% endfor %}')).toBe('empty');
    expect(render('{% for x in [1] if x > 5 %}x{% else %}filtered{% endfor %}')).toBe('filtered');
    expect(render('{% for x in undefined_list %}x{% else %}none{% endfor %}')).toBe('none');
  });

  it('filters loops with if, counting only kept items in loop variables', () => {
    expect(
      render('{% for x in [1, none, 2, 0, 3] if x %}{{ loop.index }}:{{ x }}/{{ loop.length }} {% endfor %}'),
    ).toBe('1:1/3 2:2/3 3:3/3 ');
  });

  it('unpacks tuples in loops and in {% set %}', () => {
    expect(render('{% for a, b in [(1, 2), [3, 4]] %}{{ a + b }},{% endfor %}')).toBe('3,7,');
    expect(render('{% for (k, v) in {"x": 1}.items() %}{{ k }}={{ v }}{% endfor %}')).toBe('x=1');
    expect(render('{% set a, b = 1, 2 %}{% set c, d = ["x", "y"] %}{{ a }}{{ b }}{{ c }}{{ d }}')).toBe(
      '12xy',
    );
    expect(errorOf(() => render('{% for a, b in [(1, 2, 3)] %}{% endfor %}')).message).toMatch(
      /too many values to unpack \(expected 2\)/,
    );
  });

  it('iterates dicts by key and strings by character', () => {
    expect(
      render('{% for k in {"b": 1, "a": 2} %}{{ k }}{% endfor %}|{% for c in "ab" %}[{{ c }}]{% endfor %}'),
    ).toBe('ba|[a][b]');
  });

  it('keeps assignments made inside a loop inside it, as Jinja2 scopes loops', () => {
    expect(render('{% set x = 1 %}{% for i in [1, 2] %}{% set x = i %}[{{ x }}]{% endfor %}{{ x }}')).toBe(
      '[1][2]1',
    );
  });

  it('supports {% break %} and {% continue %} (dbt enables loop controls)', () => {
    expect(
      render(
        '{% for x in [1, 2, 3, 4, 5] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}',
      ),
    ).toBe('13');
    expect(errorOf(() => render('{% break %}')).message).toMatch(/outside of a loop/);
  });

  it('{% with %} scopes its names', () => {
    expect(render('{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]')).toBe('3[]');
  });

  it('{% if %}, inline if, and/or/not use Python truthiness and return operands', () => {
    expect(render('{% if [] %}a{% elif {} %}b{% elif "" %}c{% elif 0 %}d{% else %}e{% endif %}')).toBe('e');
    expect(render('{{ [] or "x" }} {{ 0 and 1 }} {{ "a" and "b" }} {{ not [] }} {{ none or {} }}')).toBe(
      'x 0 b True {}',
    );
    expect(render('{{ "y" if [1] else "n" }}|{{ "y" if false }}|')).toBe('y||');
  });

  it('evaluates operators as Python does', () => {
    expect(
      render(
        '{{ [1] + [2] }} {{ "ab" * 2 }} {{ [0] * 3 }} {{ -7 % 3 }} {{ 7 // 2 }} {{ 7 / 2 }} {{ 2 ** 10 }}',
      ),
    ).toBe('[1, 2] abab [0, 0, 0] 2 3 3.5 1024');
    expect(render('{{ "%s-%s" % ("a", "b") }} {{ "%d%%" % 50 }} {{ "a" ~ none ~ 1 ~ [true] }}')).toBe(
      'a-b 50% aNone1[True]',
    );
    expect(
      render(
        '{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ [1, 2] == [1, 2] }} {{ {"a": 1} != {"a": 1} }} {{ 1 == true }} {{ "1" == 1 }}',
      ),
    ).toBe('True False True False True False');
    expect(errorOf(() => render('{{ "a" + 1 }}')).message).toMatch(
      /can only concatenate str \(not "int"\) to str/,
    );
  });

  it('indexes and slices strings and lists with negative numbers', () => {
    expect(
      render('{{ "abcd"[-1] }} {{ "abcd"[1:-1] }} {{ "abcd"[::-1] }} {{ "abcd"[:2] }} {{ "abcdef"[1::2] }}'),
    ).toBe('d bc dcba ab bdf');
    expect(
      render(
        '{% set l = [1, 2, 3, 4] %}{{ l[-1] }} {{ l[1:3] }} {{ l[::-1] }} {{ l[-2:] }} {{ l[10] }}|{{ (1, 2, 3)[1:] }}',
      ),
    ).toBe('4 [2, 3] [4, 3, 2, 1] [3, 4] |(2, 3)');
  });

  it('has the tests none, defined, not defined, string, number, mapping, iterable, sequence and more', () => {
    expect(
      render(
        '{{ none is none }} {{ 0 is none }} {{ x is defined }} {{ x is not defined }} {{ target is defined }}',
      ),
    ).toBe('True False False True True');
    expect(
      render(
        '{{ "a" is string }} {{ 1 is string }} {{ 1.5 is number }} {{ true is number }} {{ "1" is number }}',
      ),
    ).toBe('True False True True False');
    expect(
      render(
        '{{ {} is mapping }} {{ [] is mapping }} {{ [] is iterable }} {{ {} is iterable }} {{ 1 is iterable }}',
      ),
    ).toBe('True False True True False');
    expect(
      render('{{ "ab" is sequence }} {{ [1] is sequence }} {{ 1 is sequence }} {{ ref is callable }}'),
    ).toBe('True True False True');
    expect(
      render(
        '{{ 6 is divisibleby 3 }} {{ 7 is divisibleby(3) }} {{ 3 is odd }} {{ 2 is even }} {{ true is sameas true }} {{ 2 is in [1, 2] }}',
      ),
    ).toBe('True False True True True True');
    expect(
      render(
        '{{ 1 is integer }} {{ 1.5 is float }} {{ false is boolean }} {{ "ab" is lower }} {{ "AB" is upper }}',
      ),
    ).toBe('True True True True True');
  });

  it('has in and not in for strings, lists and dicts', () => {
    expect(
      render(
        '{{ "b" in "abc" }} {{ 1 in [1, 2] }} {{ "k" in {"k": 1} }} {{ "v" in {"k": "v"} }} {{ 3 not in [1] }} {{ "z" not in "abc" }}',
      ),
    ).toBe('True True True False True True');
  });

  it('knows True/False/None and true/false/none; null is an ordinary (undefined) name', () => {
    expect(render('{{ True }} {{ False }} {{ None }} {{ true }} {{ false }} {{ none }} [{{ null }}]')).toBe(
      'True False None True False None []',
    );
  });

  it('reads string literals with Python escapes (unknown escapes keep their backslash)', () => {
    expect(render(String.raw`{{ "a\d+" }} {{ 'it\'s' }} {{ "x\ty" }} {{ "\x41\u00e9" }}`)).toBe(
      "a\\d+ it's x\ty Aé",
    );
  });

  it('balances brackets inside tags, so }} may close nested dicts', () => {
    expect(
      render("{{ {'a': {'b': 1}} }}|{% set d = {'x': {}}%}{{ d }}|{{ tojson({'m': {'n': [1]}}) }}"),
    ).toBe("{'a': {'b': 1}}|{'x': {}}|{\"m\": {\"n\": [1]}}");
    expect(render('{% set r = 10 %}{{ r/2 }}')).toBe('5');
  });

  it('prints tuples and reads tuple literals', () => {
    expect(render('{{ (1, 2) }} {{ (1,) }} {{ () }} {{ (1) }}')).toBe('(1, 2) (1,) () 1');
  });
});
