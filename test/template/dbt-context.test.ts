import { describe, expect, it } from 'vitest';
import { LdpError } from '../../src/errors/index.js';
import { createTemplateEngine } from '../../src/template/index.js';
import { engineWith, render } from './render.js';

describe('dbt context functions', () => {
  it('reads vars with defaults and fails clearly on a missing var', () => {
    expect(render('{{ var("region") }} {{ var("missing", "fallback") }} {{ var("limit") + 1 }}')).toBe(
      'eu fallback 11',
    );
    expect(() => render('select\n{{ var("nope") }}')).toThrowError(/var\('nope'\) is not defined/);
  });

  it('reads env vars with defaults and fails clearly when unset', () => {
    expect(render('{{ env_var("LDP_TEST_HOME") }} {{ env_var("UNSET_X", "d") }}')).toBe('/home/ldp d');
    expect(() => render('{{ env_var("UNSET_X") }}')).toThrowError(/UNSET_X/);
  });

  it('exposes target, project_name, invocation_id, run_started_at, execute', () => {
    expect(
      render(
        '{{ target.name }} {{ target.schema }} {{ target.type }} {{ target.threads }} {{ target.profile_name }} {{ project_name }} {{ invocation_id }} {{ execute }}',
      ),
    ).toBe('dev main duckdb 4 p shop inv-1 True');
    expect(render('{{ run_started_at.strftime("%Y-%m-%d %H:%M") }} {{ run_started_at.isoformat() }}')).toBe(
      '2024-01-31 10:20 2024-01-31T10:20:30.000000+00:00',
    );
  });

  it('has tojson, fromjson, toyaml, fromyaml, zip, set', () => {
    expect(render('{{ tojson({"a": [1, 2]}) }} {{ fromjson("[1, 2]")[1] }} {{ fromyaml("a: 3").a }}')).toBe(
      '{"a":[1,2]} 2 3',
    );
    expect(
      render('{{ toyaml({"a": 1}) | trim }} {{ zip([1, 2], ["x", "y"]) }} {{ set([1, 1, 2]) | length }}'),
    ).toBe("a: 1 [[1, 'x'], [2, 'y']] 2");
  });

  it('has modules.datetime and modules.re', () => {
    expect(
      render(
        '{{ modules.datetime.date(2024, 2, 29).strftime("%d/%m/%Y") }} {{ modules.datetime.datetime.strptime("2024-03-01", "%Y-%m-%d").day }}',
      ),
    ).toBe('29/02/2024 1');
    expect(
      render('{{ modules.re.sub("[0-9]+", "#", "a1b22") }} {{ modules.re.match("a(b)", "abc").group(1) }}'),
    ).toBe('a#b# b');
  });

  it('collects log() and print() through the logger, and warn() as a warning', () => {
    const logs: string[] = [];
    const warnings: string[] = [];
    const withHooks = createHooked(logs, warnings);
    expect(
      withHooks.render(
        {
          path: 'm.sql',
          text: '{{ log("quiet") }}{{ log("loud", info=True) }}{{ print("p") }}{{ exceptions.warn("careful") }}ok',
        },
        {},
      ),
    ).toBe('ok');
    expect(logs).toEqual(['loud', 'p']);
    expect(warnings).toEqual(['careful']);
  });

  it('raise_compiler_error points at the macro line and the calling model line', () => {
    const engine = engineWith({
      'macros/checks.sql':
        '{% macro must_be_positive(x) %}\n  {% if x < 0 %}\n    {{ exceptions.raise_compiler_error("x must be positive") }}\n  {% endif %}\n{% endmacro %}',
    });
    const error = catchError(() =>
      engine.render({ path: 'models/m.sql', text: 'select 1\nfrom t\nwhere {{ must_be_positive(-1) }}' }, {}),
    );
    expect(error.code).toBe('LDP202');
    expect(error.message).toBe('x must be positive');
    expect(error.span).toEqual({ file: 'macros/checks.sql', line: 3, col: 8 });
    expect(error.related?.[0]?.span).toEqual({ file: 'models/m.sql', line: 3, col: 10 });
  });
});

function createHooked(logs: string[], warnings: string[]) {
  return createTemplateEngine({
    macroFiles: [],
    adapterType: 'duckdb',
    onLog: (m) => logs.push(m),
    onWarn: (m) => warnings.push(m),
  });
}

function catchError(fn: () => unknown): LdpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an LdpError');
}
