import { describe, expect, it } from 'vitest';
import { LdpErrors } from '../../src/errors/index.js';
import { createTemplateEngine } from '../../src/template/index.js';
import { context, engineWith, errorOf, render } from './render.js';

describe('template errors', () => {
  it('reports a syntax error on line 1 at its column', () => {
    const error = errorOf(() => render('{{ x + }}'));
    expect(error.code).toBe('LDP201');
    expect(error.message).toMatch(/template syntax error/);
    expect(error.span).toEqual({ file: 'models/m.sql', line: 1, col: 8 });
    expect(error.source).toBe('{{ x + }}');
  });

  it('reports a syntax error on line 5 at its column', () => {
    const error = errorOf(() => render('select 1\nfrom t\n\n\nwhere {% if %}'));
    expect(error.code).toBe('LDP201');
    expect(error.span).toEqual({ file: 'models/m.sql', line: 5, col: 13 });
  });

  it('reports an unclosed block at the end of the template, naming the missing tag', () => {
    const error = errorOf(() => render('{% for x in y %}\n  {% if x %}\n{% endfor %}'));
    expect(error.message).toBe(
      'template syntax error: unexpected {% endfor %}: expected {% elif %} or {% else %} or {% endif %}',
    );
    expect(error.span).toEqual({ file: 'models/m.sql', line: 3, col: 4 });
    expect(errorOf(() => render('{% for x in y %}\nx')).message).toMatch(
      /unexpected end of template: expected \{% endfor %\}/,
    );
    // Where the block opens, not the end of the file, with the tag to add.
    const unclosed = errorOf(() => render('select 1\n{% for x in y %}{% if x %}{% endif %}\nx\n'));
    expect(unclosed.span).toEqual({ file: 'models/m.sql', line: 2, col: 1 });
    expect(unclosed.hint).toContain('{% endfor %}');
    expect(errorOf(() => render('select 1\n  {%- if x %}\n')).span).toEqual({
      file: 'models/m.sql',
      line: 2,
      col: 3,
    });
  });

  it('reports a {{ or {% that is never closed where it opens, naming the delimiter to add', () => {
    const variable = errorOf(() => render("select *\nfrom {{ ref('orders') \n"));
    expect(variable).toMatchObject({ code: 'LDP201', span: { file: 'models/m.sql', line: 2, col: 6 } });
    expect(variable.hint).toContain('}}');
    const block = errorOf(() => render('select 1\n{% if x \nwhere 1'));
    expect(block).toMatchObject({ code: 'LDP201', span: { file: 'models/m.sql', line: 2, col: 1 } });
    expect(block.hint).toContain('%}');
  });

  it('reports errors of a block at the lines of its file', () => {
    const error = errorOf(() =>
      engineWith().render({ path: 'snapshots/s.sql', text: '\n\n{{ 1 / 0 }}', line: 10 }, context()),
    );
    expect(error.span).toEqual({ file: 'snapshots/s.sql', line: 12, col: 4 });
  });

  it('reports an unknown filter or test with a suggestion', () => {
    expect(errorOf(() => render('{{ x | lenght }}'))).toMatchObject({
      code: 'LDP209',
      hint: "Did you mean 'length'?",
    });
    expect(errorOf(() => render('{{ x is defind }}'))).toMatchObject({
      code: 'LDP209',
      hint: "Did you mean 'defined'?",
    });
  });

  it('names an undefined macro with a suggestion from the known macros', () => {
    const engine = engineWith({ 'macros/m.sql': '{% macro cents_to_dollars(c) %}{% endmacro %}' });
    const error = errorOf(() =>
      engine.render({ path: 'models/m.sql', text: 'select\n  {{ cents_to_dollar("x") }}' }, context()),
    );
    expect(error).toMatchObject({
      code: 'LDP207',
      span: { file: 'models/m.sql', line: 2, col: 6 },
      hint: "Did you mean 'cents_to_dollars'?",
    });
    expect(error.message).toMatch(/'cents_to_dollar' is undefined/);
  });

  it('reports a runtime error inside a macro at the macro line, with each call site outwards', () => {
    const engine = engineWith({
      'macros/a.sql': '{% macro boom(x) %}\n  {{ x + 1 }}\n{% endmacro %}',
      'macros/b.sql': '{% macro outer() %}\n\n{{ boom("s") }}{% endmacro %}',
    });
    const error = errorOf(() =>
      engine.render({ path: 'models/m.sql', text: 'select\n\n\n\n  {{ outer() }}' }, context()),
    );
    expect(error.code).toBe('LDP205');
    expect(error.message).toBe('template error: TypeError: can only concatenate str (not "int") to str');
    expect(error.span).toEqual({ file: 'macros/a.sql', line: 2, col: 6 });
    expect(error.source).toBe('{% macro boom(x) %}\n  {{ x + 1 }}\n{% endmacro %}');
    expect(error.related?.map((r) => r.span)).toEqual([
      { file: 'macros/b.sql', line: 3, col: 4 },
      { file: 'models/m.sql', line: 5, col: 6 },
    ]);
  });

  it('never shows a JavaScript stack in the message', () => {
    const error = errorOf(() => render('{{ ref(1, 2)() }}', undefined, { ref: () => ({}).constructor() }));
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(`${error.message}${error.hint}`).not.toMatch(/node_modules|\.ts:\d+/);
  });

  it('reports return() outside a macro', () => {
    expect(errorOf(() => render('\n{{ return(1) }}'))).toMatchObject({
      code: 'LDP205',
      span: { line: 2, col: 4 },
    });
  });

  it('collects the errors of every macro file when the engine is built', () => {
    try {
      createTemplateEngine({
        adapterType: 'duckdb',
        macroFiles: [
          { path: 'macros/a.sql', text: '{% macro a() %}{{ a( }}{% endmacro %}' },
          { path: 'macros/b.sql', text: 'ok' },
          { path: 'macros/c.sql', text: '\n{% macro c() %}{% if %}{% endif %}{% endmacro %}' },
        ],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LdpErrors);
      expect((error as LdpErrors).errors.map((e) => [e.span?.file, e.span?.line])).toEqual([
        ['macros/a.sql', 1],
        ['macros/c.sql', 2],
      ]);
    }
  });
});
