import { describe, expect, it } from 'vitest';
import { fnmatch, hasGlob } from '../../../src/graph/selection/index.js';

describe('fnmatch', () => {
  it.each([
    ['stg_*', 'stg_orders', true],
    ['stg_*', 'shop.stg_orders', false],
    ['*', 'a.b/c', true],
    ['o?ders', 'orders', true],
    ['o?ders', 'oders', false],
    ['[cr]*', 'report', true],
    ['[!cr]*', 'report', false],
    ['[!cr]*', 'orders', true],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[]]x', ']x', true],
    ['a[', 'a[', true],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['Orders', 'orders', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(fnmatch(pattern)(text)).toBe(expected);
  });

  it('knows a glob', () => {
    expect(hasGlob('stg_*')).toBe(true);
    expect(hasGlob('a]')).toBe(true);
    expect(hasGlob('orders')).toBe(false);
  });
});
