import { describe, expect, it } from 'vitest';
import { LdpError } from '../../../src/errors/index.js';
import {
  parseSelectorDefinitions,
  type SelectOptions,
  selectNodes,
} from '../../../src/graph/selection/index.js';
import { shopManifest, short } from './fixture.js';

const manifest = shopManifest();

/** Entries as the project loader keeps them: by name, with the entry's span. */
function entries(definitions: Record<string, unknown>, defaults: string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(definitions).map(([name, definition], index) => [
      name,
      {
        name,
        definition,
        ...(defaults.includes(name) ? { default: true } : {}),
        span: { file: 'selectors.yml', line: 2 + index * 3, col: 5 },
      },
    ]),
  );
}

const pick = (
  selector: string | undefined,
  selectors: Record<string, unknown>,
  options: SelectOptions = {},
) =>
  short(
    selectNodes(manifest, {
      ...(selector ? { selector } : {}),
      selectors,
      indirectSelection: 'empty',
      resourceTypes: ['model'],
      ...options,
    }).selected,
  );

function errorOf(run: () => unknown): LdpError {
  try {
    run();
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an LdpError');
}

describe('selectors.yml definitions', () => {
  it('reads a CLI-style string, with set operators', () => {
    const selectors = entries({ gold: 'layer:gold', mixed: 'tag:finance,layer:gold stg_orders' });
    expect(pick('gold', selectors)).toEqual(['dim_customers.v1', 'dim_customers.v2', 'report', 'revenue']);
    expect(pick('mixed', selectors)).toEqual(['revenue', 'stg_orders']);
  });

  it('reads a method: value pair', () => {
    expect(pick('x', entries({ x: { tag: 'nightly' } }))).toEqual(['orders']);
    expect(pick('x', entries({ x: { 'config.materialized': 'table' } }))).toEqual(['customers', 'revenue']);
  });

  it('reads a full criterion with graph operators', () => {
    const selectors = entries({
      up: { method: 'fqn', value: 'revenue', parents: true, parents_depth: 1 },
      down: { method: 'tag', value: 'staging', children: true, children_depth: 1 },
      at: { method: 'fqn', value: 'stg_orders', childrens_parents: true },
      both: { method: 'fqn', value: 'customers', parents: true, children: true },
    });
    expect(pick('up', selectors)).toEqual(['customers', 'orders', 'revenue']);
    expect(pick('down', selectors)).toEqual(['customers', 'orders', 'stg_customers', 'stg_orders']);
    expect(pick('at', selectors)).toContain('stg_customers');
    expect(pick('both', selectors)).toEqual([
      'customers',
      'dim_customers.v1',
      'dim_customers.v2',
      'report',
      'revenue',
      'stg_customers',
    ]);
  });

  it('reads union and intersection with exclude, nested', () => {
    const selectors = entries({
      nightly: {
        union: [
          { intersection: ['@source:raw', 'tag:finance'] },
          'path:models/gold',
          {
            exclude: [
              { intersection: ['layer:gold', { method: 'config.materialized', value: 'view' }] },
              'dim_customers',
            ],
          },
        ],
      },
      criterion_exclude: { method: 'layer', value: 'silver', children: true, exclude: ['revenue+'] },
    });
    expect(pick('nightly', selectors)).toEqual(['orders', 'revenue']);
    expect(pick('criterion_exclude', selectors)).toEqual([
      'customers',
      'dim_customers.v1',
      'dim_customers.v2',
      'orders',
    ]);
  });

  it('refers to other selectors, from yaml and from --select', () => {
    const selectors = entries({
      finance: 'tag:finance',
      gold_finance: { intersection: [{ method: 'selector', value: 'finance' }, 'layer:gold'] },
    });
    expect(pick('gold_finance', selectors)).toEqual(['revenue']);
    expect(pick(undefined, selectors, { select: ['selector:finance+,layer:gold'] })).toEqual([
      'report',
      'revenue',
    ]);
  });

  it('applies the default selector only when nothing else is given', () => {
    const selectors = entries({ silver: 'layer:silver', gold: 'layer:gold' }, ['silver']);
    expect(pick(undefined, selectors)).toEqual(['customers', 'orders']);
    expect(pick('gold', selectors)).toEqual(['dim_customers.v1', 'dim_customers.v2', 'report', 'revenue']);
    expect(pick(undefined, selectors, { select: ['report'] })).toEqual(['report']);
    // --exclude alone starts from every node, not from the default (stg_orders is not silver).
    const excluded = pick(undefined, selectors, { exclude: ['layer:gold'] });
    expect(excluded).not.toContain('report');
    expect(excluded).toContain('stg_orders');
    const rendered = { silver: { definition: 'layer:silver', default: 'True' } };
    expect(pick(undefined, rendered)).toEqual(['customers', 'orders']);
  });

  it('unions --selector with --select and subtracts --exclude', () => {
    const selectors = entries({ silver: 'layer:silver' });
    expect(pick('silver', selectors, { select: ['report'], exclude: ['customers'] })).toEqual([
      'orders',
      'report',
    ]);
  });

  it('warns when the selector matches nothing', () => {
    const result = selectNodes(manifest, { selector: 'none', selectors: entries({ none: 'tag:nope' }) });
    expect(result.selected).toEqual([]);
    expect(result.warnings).toEqual(["The selector 'none' does not match any enabled nodes"]);
  });
});

describe('selectors.yml errors', () => {
  it('names an unknown selector with a suggestion', () => {
    const selectors = entries({ nightly: 'tag:nightly', weekly: 'tag:weekly' });
    const error = errorOf(() => selectNodes(manifest, { selector: 'nigthly', selectors }));
    expect(error.code).toBe('LDP323');
    expect(error.message).toBe("no selector named 'nigthly' in selectors.yml");
    expect(error.hint).toBe("Did you mean 'nightly'?");
    expect(errorOf(() => selectNodes(manifest, { selector: 'zzz', selectors })).hint).toBe(
      'The selectors are: nightly, weekly.',
    );
    expect(errorOf(() => selectNodes(manifest, { selector: 'x' })).hint).toMatch(/no selectors.yml/);
    expect(errorOf(() => selectNodes(manifest, { select: ['selector:weakly'], selectors })).hint).toBe(
      "Did you mean 'weekly'?",
    );
  });

  it.each([
    ['a number', 42, /a definition must be a string or a mapping, not 42/],
    ['a list', ['tag:x'], /a definition must be a string or a mapping/],
    ['two keys', { tag: 'a', layer: 'b' }, /expected union, intersection, method and value/],
    ['exclude alone', { exclude: ['a'] }, /'exclude:' belongs in the list of a union/],
    ['an empty union', { union: [] }, /'union' must be a non-empty list/],
    ['a union with another key', { union: ['a'], description: 'x' }, /cannot also have description/],
    ['two excludes', { union: ['a', { exclude: ['b'] }, { exclude: ['c'] }] }, /two 'exclude:' entries/],
    ['only an exclude', { intersection: [{ exclude: ['b'] }] }, /has only an 'exclude:' entry/],
    ['an unknown key', { method: 'tag', value: 'x', child: true }, /unknown key 'child'/],
    ['a method that is no string', { method: 3, value: 'x' }, /'method' must be a string/],
    ['a list value', { method: 'tag', value: ['a'] }, /'value' needs a text, number or boolean value/],
    ['no value', { method: 'tag' }, /'value' needs a text/],
    ['a bad flag', { method: 'tag', value: 'x', parents: 'yes' }, /'parents' must be true or false/],
    [
      'a bad depth',
      { method: 'tag', value: 'x', parents_depth: -1 },
      /'parents_depth' must be a whole number/,
    ],
    [
      '@ with children',
      { method: 'tag', value: 'x', childrens_parents: true, children: true },
      /drop 'children'/,
    ],
    [
      'a bad mode',
      { method: 'tag', value: 'x', indirect_selection: 'eagr' },
      /'indirect_selection' must be one of/,
    ],
  ])('rejects %s', (_, definition, message) => {
    const error = errorOf(() => parseSelectorDefinitions(entries({ broken: definition })));
    expect(error.code).toBe('LDP324');
    expect(error.message).toMatch(/^selector 'broken' in selectors.yml: /);
    expect(error.message).toMatch(message);
    expect(error.span).toEqual({ file: 'selectors.yml', line: 2, col: 5 });
  });

  it('suggests keys and modes', () => {
    const key = errorOf(() =>
      parseSelectorDefinitions(entries({ s: { method: 'tag', value: 'x', parent: true } })),
    );
    expect(key.hint).toBe("Did you mean 'parents'?");
    const mode = errorOf(() =>
      parseSelectorDefinitions(entries({ s: { method: 'tag', value: 'x', indirect_selection: 'eagr' } })),
    );
    expect(mode.hint).toBe("Did you mean 'eager'?");
  });

  it('locates syntax and method errors inside definitions', () => {
    const syntax = errorOf(() => parseSelectorDefinitions(entries({ first: 'ok', bad: '++orders' })));
    expect(syntax.code).toBe('LDP320');
    expect(syntax.message).toMatch(/^selector 'bad': the selector '\+\+orders'/);
    expect(syntax.span).toEqual({ file: 'selectors.yml', line: 5, col: 5 });
    const method = errorOf(() => parseSelectorDefinitions(entries({ bad: { method: 'tga', value: 'x' } })));
    expect(method.code).toBe('LDP321');
    expect(method.hint).toBe("Did you mean 'tag'?");
    const empty = errorOf(() => parseSelectorDefinitions(entries({ bad: { tag: '' } })));
    expect(empty.code).toBe('LDP320');
  });

  it('checks every selector, even unused ones, and references between them', () => {
    const unknown = errorOf(() =>
      selectNodes(manifest, {
        select: ['orders'],
        selectors: entries({ a: { method: 'selector', value: 'missing' } }),
      }),
    );
    expect(unknown.code).toBe('LDP323');
    expect(unknown.span).toEqual({ file: 'selectors.yml', line: 2, col: 5 });
    const cycle = errorOf(() =>
      parseSelectorDefinitions(
        entries({
          a: 'selector:b',
          b: { union: ['tag:x', { method: 'selector', value: 'c' }] },
          c: '+selector:a',
        }),
      ),
    );
    expect(cycle.code).toBe('LDP322');
    expect(cycle.message).toBe('selectors refer to each other in a cycle: a → b → c → a');
  });

  it('rejects two defaults and an entry without definition', () => {
    const two = errorOf(() => parseSelectorDefinitions(entries({ a: 'x', b: 'y' }, ['a', 'b'])));
    expect(two.code).toBe('LDP326');
    expect(two.message).toContain('a, b');
    expect(two.span).toEqual({ file: 'selectors.yml', line: 5, col: 5 });
    const missing = errorOf(() => parseSelectorDefinitions({ a: { name: 'a' } }));
    expect(missing.message).toBe("selector 'a' in selectors.yml has no definition");
  });
});
