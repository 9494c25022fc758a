import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from '../../src/template/index.js';
import { context, engineWith, errorOf, render } from './render.js';

describe('macros', () => {
  const engine = engineWith({
    'macros/args.sql': [
      '{% macro m(a, b=2, c="x") %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}',
      '{% macro v(a) %}{{ a }}|{{ varargs }}|{{ kwargs }}{% endmacro %}',
    ].join('\n'),
  });

  it('takes defaults, positional and keyword arguments', () => {
    expect(render('{{ m(1) }} {{ m(1, 3) }} {{ m(1, c="y") }} {{ m(a=5, b=6) }} {{ m() }}', engine)).toBe(
      '1-2-x 1-3-x 1-2-y 5-6-x -2-x',
    );
  });

  it('collects extra arguments in varargs and kwargs when the macro reads them', () => {
    expect(render('{{ v(1, 2, 3, k=4) }} {{ v(1) }}', engine)).toBe("1|(2, 3)|{'k': 4} 1|()|{}");
    expect(errorOf(() => render('{{ m(1, 2, 3, 4) }}', engine)).message).toMatch(
      /macro 'm' takes not more than 3 argument/,
    );
    expect(errorOf(() => render('{{ m(1, z=2) }}', engine)).message).toMatch(
      /macro 'm' takes no keyword argument 'z'/,
    );
  });

  it('passes {% call %} bodies as caller(), with arguments', () => {
    const calls = engineWith({
      'macros/call.sql':
        '{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% macro each(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}',
    });
    expect(render('{% set who = "you" %}{% call wrap("b") %}hi {{ who }}{% endcall %}', calls)).toBe(
      '<b>hi you</b>',
    );
    expect(render('{% call(item, n) each(["a", "b"]) %}{{ n }}={{ item }};{% endcall %}', calls)).toBe(
      '1=a;2=b;',
    );
  });

  it('returns real values with return(), and strings otherwise', () => {
    const returns = engineWith({
      'macros/ret.sql': [
        '{% macro cols() %}{{ return(["a", "b"]) }}{% endmacro %}',
        '{% macro flag() %}{% if true %}{% do return(false) %}{% endif %}never{% endmacro %}',
        '{% macro nothing() %}{{ return(none) }}{% endmacro %}',
        '{% macro greet(n) %}hi {{ n }}{% endmacro %}',
        '{% macro empty() %}{% endmacro %}',
      ].join('\n'),
    });
    expect(
      render(
        '{% set c = cols() %}{{ c | length }} {{ c[1] }} {{ flag() is false }} {{ nothing() is none }} {{ cols() }}',
        returns,
      ),
    ).toBe("2 b True True ['a', 'b']");
    expect(
      render(
        '{{ greet("x") is string }} {{ greet("x").upper() }} {{ greet("x") ~ "!" }} {{ "yes" if empty() else "no" }}',
        returns,
      ),
    ).toBe('True HI X hi x! no');
  });

  it('shares one namespace across macro files: macros call macros of other files, and themselves', () => {
    const shared = engineWith({
      'macros/a.sql':
        '{% macro money(col, scale=2) -%}({{ col }} / 100)::decimal(16, {{ scale }}){%- endmacro %}',
      'macros/b.sql': '{% macro total(col) -%}sum({{ money(col, scale=4) }}){%- endmacro %}',
      'macros/c.sql':
        '{% macro fib(n) %}{% if n < 2 %}{{ return(n) }}{% endif %}{{ return(fib(n - 1) + fib(n - 2)) }}{% endmacro %}{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1) | int }}{% endif %}{% endmacro %}',
    });
    expect(render('{{ money("x") }} {{ total("y") }} {{ fib(10) }} {{ fact(5) }}', shared)).toBe(
      '(x / 100)::decimal(16, 2) sum((y / 100)::decimal(16, 4)) 55 120',
    );
  });

  it("see the calling node's context (ref, this, config) but not its local variables", () => {
    const macros = engineWith({
      'macros/a.sql':
        '{% macro upstream() %}{{ ref("orders") }} into {{ this }}{% endmacro %}{% macro peek() %}[{{ secret }}]{% endmacro %}',
    });
    expect(render('{{ upstream() }}', macros, { this: '"main"."m"' })).toBe(
      '"main"."orders" into "main"."m"',
    );
    expect(render('{{ upstream() }}', macros, { this: '"main"."n"', ref: (n: string) => `<${n}>` })).toBe(
      '<orders> into "main"."n"',
    );
    expect(render('{% set secret = 1 %}{{ peek() }}', macros)).toBe('[]');
  });

  it('lets a later macro file replace a macro of an earlier one', () => {
    const layered = engineWith({
      'builtin/naming.sql': '{% macro name() %}builtin{% endmacro %}',
      'macros/naming.sql': '\n{% macro name() %}project{% endmacro %}',
    });
    expect(render('{{ name() }}', layered)).toBe('project');
    expect(layered.macros.get('name')).toMatchObject({ file: 'macros/naming.sql', line: 2, args: [] });
  });

  it('turns {% test %} blocks into test_ macros and ignores docs and materialization blocks', () => {
    const tests = engineWith({
      'tests/generic/positive.sql':
        '{% docs positive %}Values above zero{% enddocs %}\n{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} < 0{% endtest %}\n{% materialization lake, default %}{{ undefined_call() }}{% endmaterialization %}',
    });
    expect(render('{{ test_positive("t", "c") }}', tests)).toBe('select * from t where c < 0');
    expect(tests.macros.get('test_positive')).toMatchObject({ line: 2, args: ['model', 'column_name'] });
    expect(tests.hasMacro('positive')).toBe(false);
  });

  it('can be called from JavaScript with callMacro', () => {
    const js = engineWith({
      'macros/s.sql':
        '{% macro schema_for(custom, node) %}{{ return(custom or node.layer) }}{% endmacro %}{% macro text(x) %} {{ x }} {% endmacro %}',
    });
    expect(js.callMacro('schema_for', [null, { layer: 'gold' }], context())).toBe('gold');
    expect(js.callMacro('text', ['a'], context())).toBe(' a ');
    expect(errorOf(() => js.callMacro('nope', [], context())).code).toBe('LDP207');
  });

  it('dispatches by adapter (adapter.dispatch) with the default__ fallback', () => {
    const dispatch = engineWith({
      'macros/a.sql':
        '{% macro default__greet() %}default{% endmacro %}{% macro duckdb__size() %}duck{% endmacro %}{% macro default__size() %}default{% endmacro %}',
    });
    expect(
      render(
        '{{ adapter.dispatch("greet")() }} {{ adapter.dispatch("size", "shop")() }} {{ adapter.dispatch("size", macro_namespace="shop")() }}',
        dispatch,
      ),
    ).toBe('default duck duck');
    const error = errorOf(() => render('\n{{ adapter.dispatch("nothing")() }}', dispatch));
    expect(error.code).toBe('LDP206');
    expect(error.message).toMatch(/duckdb__nothing, default__nothing/);
    expect(error.span).toEqual({ file: 'models/m.sql', line: 2, col: 4 });
  });

  it('compiles a lazy macro file on first use; a later file of the same name wins, the namespace keeps the first', () => {
    const logged: string[] = [];
    const lazy = createTemplateEngine({
      macroFiles: [
        {
          path: 'builtin/greet.sql',
          text: "{% do log('greet.sql loaded', info=True) %}{% macro greet(name) %}hello {{ name }}{% endmacro %}{% macro default__size() %}small{% endmacro %}",
          namespace: 'dbt',
          lazy: true,
        },
        { path: 'macros/own.sql', text: '{% macro default__size() %}own{% endmacro %}' },
      ],
      adapterType: 'duckdb',
      onLog: (message) => logged.push(message),
    });
    expect(lazy.hasMacro('greet')).toBe(true);
    expect(logged).toEqual([]);
    expect(render('{{ greet("ann") }}, {{ dbt.greet("bo") }}', lazy)).toBe('hello ann, hello bo');
    expect(logged).toEqual(['greet.sql loaded']);
    expect(
      render('{{ default__size() }} {{ dbt.default__size() }} {{ adapter.dispatch("size", "dbt")() }}', lazy),
    ).toBe('own small own');
    expect(logged).toHaveLength(1);
  });
});
