import { describe, expect, it } from 'vitest';
import { splitArgs } from '../../src/template/index.js';
import { context, engineWith, errorOf, render } from './render.js';

/** A relation as the compile stage returns it from ref(): prints as SQL, has dbt's attributes. */
class Relation {
  constructor(
    readonly database: string,
    readonly schema: string,
    readonly identifier: string,
  ) {}
  get name(): string {
    return this.identifier;
  }
  toString(): string {
    return `"${this.schema}"."${this.identifier}"`;
  }
}

describe('template engine', () => {
  it('passes keyword arguments to JavaScript functions as a trailing object that splitArgs splits', () => {
    const calls: unknown[] = [];
    const ref = (...args: unknown[]) => {
      calls.push(splitArgs(args));
      return 'r';
    };
    render('{{ ref("orders") }}{{ ref("pkg", "orders", v=2) }}{{ ref(**{"version": 3}) }}', undefined, {
      ref,
    });
    expect(calls).toEqual([
      { positional: ['orders'], keywords: {} },
      { positional: ['pkg', 'orders'], keywords: { v: 2 } },
      { positional: [], keywords: { version: 3 } },
    ]);
    expect(splitArgs([1, { a: 1 }])).toEqual({ positional: [1, { a: 1 }], keywords: {} });
  });

  it('takes graph functions per render: config(), config.get(), config.require(), is_incremental, this', () => {
    const recorded: Record<string, unknown>[] = [];
    const config = Object.assign(
      (...args: unknown[]) => {
        recorded.push(splitArgs(args).keywords);
        return '';
      },
      {
        get: (key: string, fallback: unknown = null) => (key === 'materialized' ? 'table' : fallback),
        require: (key: string) => `req:${key}`,
      },
    );
    const text =
      "{{ config(materialized='table', tags=['a']) }}{{ config.get('materialized') }} {{ config.get('x', 'd') }} {{ config.require('y') }} {% if is_incremental() %}inc{% else %}full{% endif %} {{ this }}";
    const extra = { config, is_incremental: () => false, this: new Relation('db', 'main', 'm') };
    expect(render(text, undefined, extra)).toBe('table d req:y full "main"."m"');
    expect(recorded).toEqual([{ materialized: 'table', tags: ['a'] }]);
  });

  it('prints relation objects through toString() and exposes their attributes', () => {
    const ref = (name: string) => new Relation('db', 'silver', name);
    expect(
      render(
        'select * from {{ ref("orders") }} -- {{ ref("orders").database }}.{{ ref("orders").schema }}.{{ ref("orders").identifier }} {{ ref("orders").name }}',
        undefined,
        { ref },
      ),
    ).toBe('select * from "silver"."orders" -- db.silver.orders orders');
  });

  it('renders one template with a capture context and then a compile context', () => {
    const engine = engineWith({ 'macros/u.sql': '{% macro src() %}{{ ref("a") }}{% endmacro %}' });
    const template = { path: 'models/m.sql', text: 'select * from {{ src() }} join {{ ref("b") }}' };
    const captured: string[] = [];
    const capture = {
      ...context(),
      ref: (name: string) => {
        captured.push(name);
        return `__${name}__`;
      },
    };
    expect(engine.render(template, capture)).toBe('select * from __a__ join __b__');
    expect(captured).toEqual(['a', 'b']);
    expect(engine.render(template, context())).toBe('select * from "main"."a" join "main"."b"');
  });

  it('renders undefined names as nothing but fails on calling them, naming them', () => {
    expect(render('[{{ nothing }}][{{ nothing.attr.deeper }}][{{ nothing["k"] }}]')).toBe('[][][]');
    const error = errorOf(() => render('{{ nothing() }}'));
    expect(error.code).toBe('LDP207');
    expect(error.message).toMatch(/'nothing' is undefined/);
  });

  it('reuses compiled templates by text, yet reports each error at the path it was rendered from', () => {
    const engine = engineWith();
    const text = 'select\n{{ var("nope") }}';
    expect(errorOf(() => engine.render({ path: 'models/a.sql', text }, context())).span?.file).toBe(
      'models/a.sql',
    );
    expect(errorOf(() => engine.render({ path: 'models/b.sql', text }, context())).span?.file).toBe(
      'models/b.sql',
    );
  });

  it('lists macros with their file, line and parameters', () => {
    const engine = engineWith({ 'macros/a.sql': '\n\n{% macro cents(col, scale=2) %}{% endmacro %}' });
    expect(engine.hasMacro('cents')).toBe(true);
    expect(engine.macros.get('cents')).toMatchObject({
      name: 'cents',
      file: 'macros/a.sql',
      line: 3,
      args: ['col', 'scale'],
    });
  });
});
