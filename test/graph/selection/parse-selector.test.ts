import { describe, expect, it } from 'vitest';
import { LdpError } from '../../../src/errors/index.js';
import { parseCriterion, parseSelector } from '../../../src/graph/selection/index.js';

function errorOf(run: () => unknown): LdpError {
  try {
    run();
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an LdpError');
}

describe('parseCriterion', () => {
  it('reads the method, the value and each graph operator', () => {
    expect(parseCriterion('2+tag:nightly+3')).toMatchObject({
      method: 'tag',
      value: 'nightly',
      parents: true,
      parentsDepth: 2,
      children: true,
      childrenDepth: 3,
      childrensParents: false,
    });
    const plain = parseCriterion('+orders+');
    expect(plain).toMatchObject({ method: 'fqn', value: 'orders', parents: true, children: true });
    expect(plain.parentsDepth).toBeUndefined();
    expect(plain.childrenDepth).toBeUndefined();
    expect(parseCriterion('@orders')).toMatchObject({
      childrensParents: true,
      parents: false,
      children: false,
    });
    expect(parseCriterion('0+orders')).toMatchObject({ parents: true, parentsDepth: 0 });
  });

  it('reads config keys as method arguments', () => {
    expect(parseCriterion('config.materialized:incremental')).toMatchObject({
      method: 'config',
      methodArguments: ['materialized'],
      value: 'incremental',
    });
    expect(parseCriterion('config.meta.owner:alice').methodArguments).toEqual(['meta', 'owner']);
  });

  it('defaults to path for values with a slash, file for file names, fqn otherwise', () => {
    expect(parseCriterion('models/silver').method).toBe('path');
    expect(parseCriterion('orders.sql').method).toBe('file');
    expect(parseCriterion('country_codes.CSV').method).toBe('file');
    expect(parseCriterion('shop.silver.orders').method).toBe('fqn');
  });

  it.each([
    ['++orders', /'\+' in the middle or twice/],
    ['orders++', /'\+' in the middle or twice/],
    ['tag:', /no value after 'tag:'/],
    ['3+', /has no node name/],
    ['+', /has no node name/],
    ['', /has no node name/],
    ['@orders+', /combines '@' with a trailing '\+'/],
    ['config:table', /needs a config key/],
    ['tag.x:nightly', /takes no '.x'/],
    ['config..x:y', /empty part between dots/],
  ])('rejects %j', (text, message) => {
    const error = errorOf(() => parseCriterion(text));
    expect(error.code).toBe('LDP320');
    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
  });

  it('names unknown methods with a suggestion and the list of methods', () => {
    const error = errorOf(() => parseCriterion('tga:marts'));
    expect(error.code).toBe('LDP321');
    expect(error.message).toContain("unknown selection method 'tga' in 'tga:marts'");
    expect(error.message).toContain('fqn, tag, path, file, layer, config');
    expect(error.hint).toBe("Did you mean 'tag'?");
    expect(errorOf(() => parseCriterion('my-method:x')).message).toContain(
      "unknown selection method 'my-method'",
    );
    expect(errorOf(() => parseCriterion('zzzzzz:x')).hint).toMatch(
      /^Use one of: fqn, tag, path, file, layer, config.<key>, /,
    );
  });

  it('says which dbt methods ldp does not implement', () => {
    const error = errorOf(() => parseCriterion('result:error+'));
    expect(error.code).toBe('LDP321');
    expect(error.message).toBe("ldp does not support dbt's 'result' selection method (in 'result:error+')");
  });
});

describe('parseSelector', () => {
  it('parses spaces as a union of comma intersections', () => {
    const spec = parseSelector('  tag:nightly,layer:silver   +orders ');
    if (spec.kind !== 'union') throw new Error('expected a union');
    expect(spec.items.map((item) => item.raw)).toEqual(['tag:nightly,layer:silver', '+orders']);
    const first = spec.items[0]!;
    if (first.kind !== 'intersection') throw new Error('expected an intersection');
    expect(first.items.map((item) => item.raw)).toEqual(['tag:nightly', 'layer:silver']);
    expect(first.warnIfEmpty).toBe(true);
  });

  it('rejects an empty selection and empty intersection parts', () => {
    expect(errorOf(() => parseSelector('   ')).message).toBe('the selection is empty');
    expect(errorOf(() => parseSelector('tag:a,')).code).toBe('LDP320');
  });
});
