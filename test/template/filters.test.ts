import { describe, expect, it } from 'vitest';
import { errorOf, render } from './render.js';

const users = [
  { name: 'ann', age: 31, city: 'Oslo', active: true },
  { name: 'bob', age: 25, city: 'Bergen', active: false },
  { name: 'cid', age: 42, city: 'Oslo', active: true },
];
const withUsers = (text: string) => render(text, undefined, { users });

// Expected strings are Jinja2's output for the same template.
describe('filters used by dbt projects', () => {
  it('default and d replace undefined values (and falsy ones when asked)', () => {
    expect(
      render(
        '{{ missing | default("d") }} {{ none | default("d") }} [{{ "" | default("d") }}] {{ "" | default("d", true) }} {{ missing | d("x") }}',
      ),
    ).toBe('d None [] d x');
  });

  it('lower, upper, trim, replace', () => {
    expect(
      render(
        '{{ "AbC" | lower }} {{ "AbC" | upper }} [{{ "  x  " | trim }}] {{ "xxax" | trim("x") }} {{ "aaa" | replace("a", "b", 2) }} {{ 10 | replace("1", "2") }}',
      ),
    ).toBe('abc ABC [x] a bba 20');
  });

  it('join, with an attribute', () => {
    expect(
      withUsers(
        '{{ [1, 2, none] | join(", ") }} {{ users | join("-", attribute="name") }} {{ "abc" | join("|") }}',
      ),
    ).toBe('1, 2, None ann-bob-cid a|b|c');
  });

  it('length and count, list', () => {
    expect(
      render(
        '{{ [1, 2] | length }} {{ "abc" | count }} {{ {"a": 1} | length }} {{ missing | length }} {{ "ab" | list }} {{ {"a": 1} | list }}',
      ),
    ).toBe("2 3 1 0 ['a', 'b'] ['a']");
  });

  it('unique (case-insensitive by default), sort (with attribute, reverse)', () => {
    expect(
      render(
        '{{ ["a", "A", "b", "a"] | unique | list }} {{ ["a", "A"] | unique(case_sensitive=true) | list }}',
      ),
    ).toBe("['a', 'b'] ['a', 'A']");
    expect(
      withUsers(
        '{{ [3, 1, 2] | sort }} {{ ["b", "A", "c"] | sort }} {{ [1, 3, 2] | sort(reverse=true) }} {{ users | sort(attribute="age") | map(attribute="name") | join(",") }}',
      ),
    ).toBe("[1, 2, 3] ['A', 'b', 'c'] [3, 2, 1] bob,ann,cid");
    expect(withUsers('{{ users | sort(attribute="city,age") | map(attribute="name") | join(",") }}')).toBe(
      'bob,ann,cid',
    );
  });

  it('map with a filter or attribute=, with a default', () => {
    expect(
      withUsers(
        '{{ ["a", "b"] | map("upper") | list }} {{ users | map(attribute="name") | list }} {{ [{"x": 1}, {}] | map(attribute="x", default=0) | list }} {{ ["a-b"] | map("replace", "-", "_") | list }}',
      ),
    ).toBe("['A', 'B'] ['ann', 'bob', 'cid'] [1, 0] ['a_b']");
  });

  it('select, reject, selectattr, rejectattr', () => {
    expect(
      withUsers(
        '{{ [1, 2, 3, 4] | select("odd") | list }} {{ [0, 1, "", "a"] | select | list }} {{ [1, 2, 3] | reject("even") | list }}',
      ),
    ).toBe("[1, 3] [1, 'a'] [1, 3]");
    expect(
      withUsers(
        '{{ users | selectattr("active") | map(attribute="name") | list }} {{ users | rejectattr("age", "gt", 30) | map(attribute="name") | list }} {{ users | selectattr("city", "equalto", "Oslo") | list | length }}',
      ),
    ).toBe("['ann', 'cid'] ['bob'] 2");
  });

  it('first and last', () => {
    expect(
      render('{{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ "ab" | first }} [{{ [] | first }}]'),
    ).toBe('1 3 a []');
  });

  it('int, float, string', () => {
    expect(
      render(
        '{{ "42" | int }} {{ "4.7" | int }} {{ "x" | int }} {{ "x" | int(5) }} {{ 3.9 | int }} {{ "0x1A" | int(0, 16) }} {{ true | int }}',
      ),
    ).toBe('42 4 0 5 3 26 1');
    expect(
      render(
        '{{ "2.5" | float }} {{ "x" | float(1.5) }} {{ 3 | float + 0.5 }} {{ 1 | string ~ "a" }} {{ none | string }} {{ [1] | string }}',
      ),
    ).toBe('2.5 1.5 3.5 1a None [1]');
  });

  it('round (Python rounding: halves to even) and abs', () => {
    expect(
      render(
        '{{ 2.567 | round(2) }} {{ 0.125 | round(2) }} {{ 2.675 | round(2) }} {{ 2.5 | round | int }} {{ 3.5 | round | int }} {{ 2.1 | round(0, "ceil") | int }} {{ 2.9 | round(method="floor") | int }}',
      ),
    ).toBe('2.57 0.12 2.67 2 4 3 2');
    expect(render('{{ -3 | abs }} {{ -2.5 | abs }}')).toBe('3 2.5');
  });

  it('tojson sorts keys and escapes HTML characters, as Jinja2 does', () => {
    expect(render('{{ {"b": 1, "a": [1, "x<y", none, true]} | tojson }} {{ [1, 2] | tojson(2) }}')).toBe(
      '{"a": [1, "x\\u003cy", null, true], "b": 1} [\n  1,\n  2\n]',
    );
  });

  it("dbt's as_bool, as_number, as_text and as_native print their value unchanged", () => {
    expect(
      render(
        '{{ "True" | as_bool }} {{ 5 | as_number }} {{ "x" | as_text }} {{ [1] | as_native }} {{ "true" | as_bool }}',
      ),
    ).toBe('True 5 x [1] true');
  });

  it('indent (not the first line, not blank lines, unless asked)', () => {
    expect(
      render(
        '{{ "a\\nb\\n\\nc" | indent(2) }}|{{ "a\\nb" | indent(2, true) }}|{{ "a\\n\\nb" | indent(width=1, first=true, blank=true) }}',
      ),
    ).toBe('a\n  b\n\n  c|  a\n  b| a\n \n b');
  });

  it('wordcount, batch, slice', () => {
    expect(
      render(
        '{{ "hello big, wide world" | wordcount }} {{ [1, 2, 3, 4, 5] | batch(2) | list }} {{ [1, 2, 3] | batch(2, 0) | list }} {{ [1, 2, 3, 4, 5] | slice(2) | list }}',
      ),
    ).toBe('4 [[1, 2], [3, 4], [5]] [[1, 2], [3, 0]] [[1, 2, 3], [4, 5]]');
  });

  it('items and dictsort', () => {
    expect(
      render(
        '{{ {"a": 1, "b": 2} | items | list }} {{ {"b": 1, "A": 2} | dictsort }} {{ {"b": 1, "A": 2} | dictsort(by="value") }} {{ {"a": 1, "b": 2} | dictsort(reverse=true) }}',
      ),
    ).toBe("[('a', 1), ('b', 2)] [('A', 2), ('b', 1)] [('b', 1), ('A', 2)] [('b', 2), ('a', 1)]");
  });

  it('groupby (sorted groups with grouper and list)', () => {
    expect(
      withUsers(
        '{% for city, people in users | groupby("city") %}{{ city }}:{{ people | map(attribute="name") | join("+") }};{% endfor %}',
      ),
    ).toBe('Bergen:bob;Oslo:ann+cid;');
    expect(
      withUsers(
        '{% for group in users | groupby("active") %}{{ group.grouper }}={{ group.list | length }} {% endfor %}',
      ),
    ).toBe('False=1 True=2 ');
  });

  it('sum, min, max', () => {
    expect(
      withUsers('{{ [1, 2, 3] | sum }} {{ users | sum(attribute="age") }} {{ [1, 2] | sum(start=10) }}'),
    ).toBe('6 98 13');
    expect(
      withUsers(
        '{{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }} {{ ["B", "a", "c"] | min }} {{ users | max(attribute="age") | attr("name") }}',
      ),
    ).toBe('1 3 a ');
    expect(withUsers('{{ (users | max(attribute="age")).name }} [{{ [] | max }}]')).toBe('cid []');
  });

  it('title, capitalize, center, truncate, escape, urlencode, reverse, pprint, striptags', () => {
    expect(
      render('{{ "hello world-wide" | title }} {{ "hELLO" | capitalize }} [{{ "abc" | center(7) }}]'),
    ).toBe('Hello World-Wide Hello [  abc  ]');
    expect(
      render(
        '{{ "foo bar baz qux" | truncate(9) }} {{ "foo bar baz qux" | truncate(9, true) }} {{ "foo bar baz qux" | truncate(11, false, "…", 0) }}',
      ),
    ).toBe('foo... foo ba... foo bar…');
    expect(
      render('{{ "<a href=\\"x\\">" | e }} {{ "a b/c" | urlencode }} {{ {"a": 1, "b": "x y"} | urlencode }}'),
    ).toBe('&lt;a href=&#34;x&#34;&gt; a%20b/c a=1&b=x+y');
    expect(
      render(
        '{{ "abc" | reverse }} {{ [1, 2] | reverse | list }} {{ "a" | pprint }} {{ "<b>a</b>  <i>b</i>" | striptags }}',
      ),
    ).toBe("cba [2, 1] 'a' a b");
  });

  it('rejects an unknown filter when the template compiles', () => {
    const error = errorOf(() => render('select 1\n{{ "a" | uper }}'));
    expect(error.code).toBe('LDP209');
    expect(error.hint).toBe("Did you mean 'upper'?");
  });
});
