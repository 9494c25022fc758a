import { describe, expect, it } from 'vitest';
import { errorOf, render } from './render.js';

// Expected strings are what Python/Jinja2 print for the same values.
describe('Python values in templates', () => {
  it('prints True, False, None, lists, dicts, tuples and sets exactly as Python', () => {
    expect(render('{{ [1, "a", None, True] }} {{ {"a": 1} }} {{ {"k": "v", "n": [1, False, none]} }}')).toBe(
      "[1, 'a', None, True] {'a': 1} {'k': 'v', 'n': [1, False, None]}",
    );
    expect(
      render(`{{ ["it's"] }} {{ ['say "hi"'] }} {{ ["a\\\\b"] }} {{ [2.5, -1, 0.1] }} {{ [[], {}] }}`),
    ).toBe(`["it's"] ['say "hi"'] ['a\\\\b'] [2.5, -1, 0.1] [[], {}]`);
    expect(render('{{ set([3, 3, 4]) }} {{ set([]) }} {{ {"a": 1}.items() }}')).toBe(
      "{3, 4} set() dict_items([('a', 1)])",
    );
    expect(render('{{ undefined_name }}|{{ undefined_name.attr }}|{{ undefined_name["k"] }}|')).toBe('|||');
  });

  it('has Python string methods', () => {
    expect(
      render(
        '{{ "AbC".lower() }} {{ "AbC".upper() }} {{ "  x  ".strip() }}|{{ "xxaxx".strip("x") }} {{ "  x ".lstrip() }}|{{ "  x ".rstrip() }}|',
      ),
    ).toBe('abc ABC x|a x |  x|');
    expect(
      render(
        '{{ "a,b,,c".split(",") }} {{ " a  b ".split() }} {{ "a,b,c".split(",", 1) }} {{ "a b c".split(maxsplit=1) }}',
      ),
    ).toBe("['a', 'b', '', 'c'] ['a', 'b'] ['a', 'b,c'] ['a', 'b c']");
    expect(
      render(
        '{{ "a_b_c".replace("_", "-") }} {{ "aaa".replace("a", "b", 2) }} {{ "abc".startswith("ab") }} {{ "abc".endswith(("x", "c")) }}',
      ),
    ).toBe('a-b-c bba True True');
    expect(
      render(
        '{{ ", ".join(["a", "b"]) }} {{ "hello world".title() }} {{ "they\'re".title() }} {{ "hELLO wORLD".capitalize() }}',
      ),
    ).toBe("a, b Hello World They'Re Hello world");
    expect(
      render(
        '{{ "banana".count("a") }} {{ "banana".find("n") }} {{ "banana".find("z") }} {{ "banana".rfind("a") }}',
      ),
    ).toBe('3 2 -1 5');
    expect(errorOf(() => render('{{ ", ".join([1, 2]) }}')).message).toMatch(
      /sequence item 0: expected str instance, int found/,
    );
  });

  it('formats with str.format: {}, {0}, {name} and format specs', () => {
    expect(
      render(
        '{{ "{} and {}".format(1, 2) }} {{ "{0}{1}{0}".format("x", "y") }} {{ "{name}!".format(name="hi") }}',
      ),
    ).toBe('1 and 2 xyx hi!');
    expect(
      render(
        '{{ "{:>5}|{:<3}|{:^5}|{:.2f}|{:05d}|{:,}|{!r}".format("a", "b", "c", 3.14159, 42, 1234567, "q") }}',
      ),
    ).toBe("    a|b  |  c  |3.14|00042|1,234,567|'q'");
    expect(
      render(
        '{{ "{:%Y-%m}".format(modules.datetime.date(2024, 3, 9)) }} {{ "{0[1]}-{1[a]}".format([1, 2], {"a": 3}) }}',
      ),
    ).toBe('2024-03 2-3');
  });

  it('has dict methods items(), keys(), values(), get(), update(), pop()', () => {
    expect(
      render(
        '{% set d = {"a": 1, "b": 2} %}{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %} {{ d.keys() }} {{ d.values() | list }} {{ d.get("a") }} {{ d.get("z", 9) }} {{ d.get("z") }}',
      ),
    ).toBe("a=1;b=2; dict_keys(['a', 'b']) [1, 2] 1 9 None");
    expect(
      render(
        '{% set d = {"a": 1} %}{% do d.update({"b": 2}) %}{% do d.update(c=3) %}{{ d }} {{ d.pop("a") }} {{ d.pop("z", 0) }} {{ d }}',
      ),
    ).toBe("{'a': 1, 'b': 2, 'c': 3} 1 0 {'b': 2, 'c': 3}");
    expect(errorOf(() => render('{{ {}.pop("k") }}')).message).toMatch(/KeyError: 'k'/);
  });

  it('has list methods append(), extend(), insert(), pop(), index()', () => {
    expect(
      render(
        '{% set l = [3, 1] %}{% do l.append(4) %}{% do l.extend([5]) %}{% do l.insert(0, 9) %}{{ l }} {{ l.pop() }} {{ l.pop(0) }} {{ l }} {{ l.index(1) }}',
      ),
    ).toBe('[9, 3, 1, 4, 5] 5 9 [3, 1, 4] 1');
    expect(errorOf(() => render('{{ [1].index(7) }}')).message).toMatch(/ValueError: 7 is not in list/);
  });

  it('builds dicts with dict(a=1), dict(mapping) and dict(pairs)', () => {
    expect(
      render('{{ dict(a=1, b="two") }} {{ dict({"x": 1}, y=2) }} {{ dict([("k", "v")]) }} {{ dict() }}'),
    ).toBe("{'a': 1, 'b': 'two'} {'x': 1, 'y': 2} {'k': 'v'} {}");
  });

  it('formats with the format filter as Python %: %s %d %i %f %.Nf %x %r %% and flags', () => {
    expect(
      render(
        '{{ "%s-%d" | format("a", 3) }} {{ "%05.2f" | format(3.14159) }} {{ "%i" | format(7) }} {{ "%f" | format(1.5) }} {{ "%.3f" | format(2) }}',
      ),
    ).toBe('a-3 03.14 7 1.500000 2.000');
    expect(
      render(
        '{{ "%x|%X|%o" | format(255, 255, 8) }} {{ "%r" | format("a") }} {{ "100%%" | format() }} {{ "%(n)s=%(v)d" | format(n="k", v=2) }}',
      ),
    ).toBe("ff|FF|10 'a' 100% k=2");
    expect(
      render(
        '{{ "%5s|%-5s|%+d|% d" | format("a", "b", 3, 4) }} {{ "%d" | format(3.9) }} {{ "%.2e" | format(12345) }} {{ "%g" | format(0.00001) }}',
      ),
    ).toBe('    a|b    |+3| 4 3 1.23e+04 1e-05');
    expect(errorOf(() => render('{{ "%s %s" | format("a") }}')).message).toMatch(
      /not enough arguments for format string/,
    );
  });
});
