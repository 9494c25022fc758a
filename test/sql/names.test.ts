import { describe, expect, it } from 'vitest';
import {
  quoteIdentifier,
  quoteString,
  relationName,
  storableNameProblem,
  unquoteIdentifier,
} from '../../src/sql/index.js';

describe('identifier quoting', () => {
  it('quotes and unquotes any name, quotes and spaces included', () => {
    for (const name of ['plain', `we"ird ' name`, '""', 'select', 'a.b']) {
      expect(unquoteIdentifier(quoteIdentifier(name))).toBe(name);
    }
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteString("it's")).toBe("'it''s'");
    expect(unquoteIdentifier('bare')).toBe('bare');
    expect(relationName({ schema: `s"1`, identifier: 't 2' })).toBe('"s""1"."t 2"');
  });
});

describe('storable names', () => {
  it('allows quotes, spaces and any printable character', () => {
    for (const name of [`we"ird ' name`, 'a b', 'a#b', 'a%20b', 'Ünïcode', 'select', ' lead']) {
      expect(storableNameProblem(name), name).toBeUndefined();
    }
  });

  it('refuses empty names, control characters, path separators and dots, saying why', () => {
    expect(storableNameProblem('')).toBe('it is empty');
    expect(storableNameProblem('a\u0000b')).toBe('it contains the control character U+0000');
    expect(storableNameProblem('a\nb')).toBe('it contains the control character U+000A');
    expect(storableNameProblem('x/y')).toMatch(/path separator/);
    expect(storableNameProblem('x\\y')).toMatch(/path separator/);
    expect(storableNameProblem('..')).toBe('it contains a dot');
    expect(storableNameProblem('v1.0')).toBe('it contains a dot');
  });
});
