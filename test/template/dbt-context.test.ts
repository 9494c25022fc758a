import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/errors/index.js';
import { baseContext } from '../../src/template/index.js';
import { context, engineWith, errorOf, render } from './render.js';

describe('dbt context functions', () => {
  it('reads vars with defaults; --vars win; a missing var is an error at its line', () => {
    expect(
      render(
        '{{ var("region") }} {{ var("missing", "fallback") }} {{ var("missing", default=none) }} {{ var("limit") + 1 }}',
      ),
    ).toBe('eu fallback None 11');
    const vars = baseContext({
      vars: { a: 1, b: 2 },
      cliVars: { b: 3 },
      env: {},
      target: {},
      projectName: 'p',
      invocationId: 'i',
      runStartedAt: new Date(0),
      execute: true,
    });
    expect(engineWith().render({ path: 'm.sql', text: '{{ var("a") }}{{ var("b") }}' }, vars)).toBe('13');
    const error = errorOf(() => render('select\n  1\n  , {{ var("nope") }}'));
    expect(error.code).toBe('LDP203');
    expect(error.span).toEqual({ file: 'models/m.sql', line: 3, col: 8 });
    expect(error.hint).toMatch(/--vars/);
  });

  it('reads env vars with defaults; a missing one (or a None default) is an error', () => {
    expect(render('{{ env_var("LDP_TEST_HOME") }} {{ env_var("UNSET_X", "d") }}')).toBe('/home/ldp d');
    expect(errorOf(() => render('{{ env_var("UNSET_X") }}')).code).toBe('LDP204');
    expect(errorOf(() => render('{{ env_var("UNSET_X", none) }}')).message).toMatch(/UNSET_X/);
  });

  it('exposes target, project_name, invocation_id, execute and run_started_at', () => {
    expect(
      render(
        '{{ target.name }} {{ target.schema }} {{ target.type }} {{ target.threads }} {{ target.profile_name }} {{ target.database }} {{ project_name }} {{ invocation_id }} {{ execute }}',
      ),
    ).toBe('dev main duckdb 4 p db shop inv-1 True');
    expect(
      render(
        '{{ run_started_at }} {{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }} {{ run_started_at.isoformat() }} {{ run_started_at.year }}',
      ),
    ).toBe('2024-01-31 10:20:30.123000+00:00 2024-01-31 10:20:30 2024-01-31T10:20:30.123000+00:00 2024');
  });

  it('has tojson, fromjson, toyaml and fromyaml as dbt defines them', () => {
    expect(
      render(
        '{{ tojson({"b": [1, 2], "a": none}) }} {{ tojson({"b": 1, "a": 2}, sort_keys=true) }} {{ tojson(set([1])) }}',
      ),
    ).toBe('{"b": [1, 2], "a": null} {"a": 2, "b": 1} None');
    expect(render('{{ fromjson(\'{"a": [1, 2]}\')["a"][1] }} {{ fromjson("not json", "fallback") }}')).toBe(
      '2 fallback',
    );
    expect(render('{{ toyaml({"a": 1, "b": [1, 2], "c": "x"}) }}')).toBe('a: 1\nb:\n- 1\n- 2\nc: x\n');
    expect(render('{{ fromyaml("a: [1, 2]\\nb: {c: true}").b.c }} {{ fromyaml("a: [1, 2]").a }}')).toBe(
      'True [1, 2]',
    );
  });

  it('has zip(), set() and range()', () => {
    expect(
      render(
        '{{ zip([1, 2, 3], ["a", "b"]) | list }} {{ zip(1, 2) }} {{ set([1, 1, 2]) }} {{ set([1, 1, 2]) | length }} {{ range(3) | list }} {{ range(1, 10, 3) | list }}',
      ),
    ).toBe("[(1, 'a'), (2, 'b')] None {1, 2} 2 [0, 1, 2] [1, 4, 7]");
  });

  it('has modules.datetime: now/utcnow on the injected clock, date, timedelta, strptime, strftime, isoformat', () => {
    const clock = () => new Date(Date.UTC(2024, 5, 1, 8, 9, 10));
    const engine = engineWith({}, { clock });
    const dt = (text: string) => engine.render({ path: 'm.sql', text }, context());
    expect(
      dt(
        '{{ modules.datetime.datetime.now() }} {{ modules.datetime.datetime.utcnow().isoformat() }} {{ modules.datetime.date.today() }}',
      ),
    ).toBe('2024-06-01 08:09:10 2024-06-01T08:09:10 2024-06-01');
    expect(
      dt(
        '{{ modules.datetime.datetime.strptime("2024-03-01 12:30", "%Y-%m-%d %H:%M").hour }} {{ modules.datetime.date(2024, 2, 29).strftime("%d/%m/%Y %A %b") }}',
      ),
    ).toBe('12 29/02/2024 Thursday Feb');
    expect(
      dt(
        '{{ (modules.datetime.date(2024, 2, 28) + modules.datetime.timedelta(days=2)).isoformat() }} {{ modules.datetime.timedelta(hours=25, minutes=1) }} {{ modules.datetime.datetime(2024, 1, 2) - modules.datetime.datetime(2024, 1, 1, 12) }}',
      ),
    ).toBe('2024-03-01 1 day, 1:01:00 12:00:00');
    expect(
      dt(
        '{{ modules.datetime.datetime(2024, 1, 1, 5) < modules.datetime.datetime(2024, 1, 2) }} {{ [modules.datetime.date(2024, 1, 5)] }}',
      ),
    ).toBe('True [datetime.date(2024, 1, 5)]');
  });

  it('rejects impossible dates and times as Python does, instead of rolling over', () => {
    const message = (text: string) => errorOf(() => render(text)).message;
    expect(message('{{ modules.datetime.date(2023, 2, 29) }}')).toMatch(/day is out of range for month/);
    expect(message('{{ modules.datetime.date(2023, 4, 31) }}')).toMatch(/day is out of range for month/);
    expect(message('{{ modules.datetime.datetime(2024, 1, 1, 24) }}')).toMatch(/hour must be in 0\.\.23/);
    expect(render('{{ modules.datetime.date(2000, 2, 29) }} {{ modules.datetime.date(2023, 12, 31) }}')).toBe(
      '2000-02-29 2023-12-31',
    );
  });

  it('has modules.re: match, search, sub, findall, compile', () => {
    expect(
      render(
        String.raw`{{ modules.re.match("a(b)", "abc").group(1) }} {{ modules.re.match("b", "abc") }} {{ modules.re.search("b", "abc").start() }} {{ modules.re.sub("[0-9]+", "#", "a1b22") }} {{ modules.re.sub("(\w)@", "\\1#", "a@b@") }}`,
      ),
    ).toBe('b None 1 a#b# a#b#');
    expect(
      render(
        String.raw`{{ modules.re.findall("\d+", "a1b22") }} {{ modules.re.findall("(\w)=(\d)", "a=1 b=2") }} {{ modules.re.compile("x(\d)").search("ax5").group(1) }} {{ modules.re.match("(?P<y>\d{4})", "2024-01").groupdict() }}`,
      ),
    ).toBe("['1', '22'] [('a', '1'), ('b', '2')] 5 {'y': '2024'}");
    expect(
      render(
        '{{ modules.re.search("B", "abc", modules.re.IGNORECASE) is not none }} {{ modules.re.split(",\\\\s*", "a, b,c") }}',
      ),
    ).toBe("True ['a', 'b', 'c']");
  });

  it('has modules.itertools basics', () => {
    expect(
      render(
        '{{ modules.itertools.product([1, 2], ["a"]) | list }} {{ modules.itertools.chain([1], [2]) | list }} {{ modules.itertools.combinations([1, 2, 3], 2) | list }}',
      ),
    ).toBe("[(1, 'a'), (2, 'a')] [1, 2] [(1, 2), (1, 3), (2, 3)]");
  });

  it('raise_compiler_error fails at the template line; inside a macro at the macro line, with the model line related', () => {
    const inModel = errorOf(() =>
      render('select 1\n{% if true %}\n  {{ exceptions.raise_compiler_error("bad " ~ 1) }}\n{% endif %}'),
    );
    expect(inModel).toMatchObject({
      code: 'LDP202',
      message: 'bad 1',
      span: { file: 'models/m.sql', line: 3, col: 6 },
    });
    const engine = engineWith({
      'macros/checks.sql':
        '{% macro must_be_positive(x) %}\n  {% if x < 0 %}\n    {{ exceptions.raise_compiler_error("x must be positive") }}\n  {% endif %}\n{% endmacro %}',
    });
    const inMacro = errorOf(() =>
      engine.render(
        { path: 'models/m.sql', text: 'select 1\nfrom t\nwhere {{ must_be_positive(-1) }}' },
        context(),
      ),
    );
    expect(inMacro.code).toBe('LDP202');
    expect(inMacro.message).toBe('x must be positive');
    expect(inMacro.span).toEqual({ file: 'macros/checks.sql', line: 3, col: 8 });
    expect(inMacro.related?.map((r) => r.span)).toEqual([{ file: 'models/m.sql', line: 3, col: 10 }]);
  });

  it('collects exceptions.warn() with its position, and log(info=True) and print() through the logger', () => {
    const logs: string[] = [];
    const warnings: [string, Span | undefined][] = [];
    const engine = engineWith(
      {},
      { onLog: (m) => logs.push(m), onWarn: (m, span) => warnings.push([m, span]) },
    );
    const text =
      '{{ log("quiet") }}{{ log("loud", info=True) }}{{ print("p") }}\n  {{ exceptions.warn("careful") }}ok';
    expect(engine.render({ path: 'models/m.sql', text }, context())).toBe('\n  ok');
    expect(logs).toEqual(['loud', 'p']);
    expect(warnings).toEqual([['careful', { file: 'models/m.sql', line: 2, col: 6 }]]);
  });

  it('quotes identifiers for DuckDB with adapter.quote, and has local_md5', () => {
    expect(render('{{ adapter.quote("order") }} {{ adapter.quote(\'a"b\') }} {{ local_md5("a") }}')).toBe(
      '"order" "a""b" 0cc175b9c0f1b6a831c399e269772661',
    );
  });
});
