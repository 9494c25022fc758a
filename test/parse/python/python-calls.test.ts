import { describe, expect, it } from 'vitest';
import { LdpError } from '../../../src/errors/index.js';
import { readPythonModelCalls } from '../../../src/parse/python/python-calls.js';

const FILE = 'models/py.py';

function errorOf(text: string): LdpError {
  try {
    readPythonModelCalls(FILE, text);
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('readPythonModelCalls', () => {
  it('reads dbt.ref, dbt.source and dbt.config calls with their places, not text in comments or strings', () => {
    const text = [
      '# dbt.ref("in_a_comment")',
      'def model(dbt, session):',
      '    dbt.config(materialized="incremental", unique_key=[\'id\', "day"], tags={"a": 1, \'b\': -2.5}, enabled=True)',
      '    doc = """dbt.ref(\'in_a_docstring\')"""',
      "    orders = dbt.ref('orders', v=2)",
      "    other = dbt.ref(r'pkg', 'cus' \"tomers\")",
      "    raw = dbt.source('raw', 'events')",
      '    flag = dbt.config.get("x")',
      '    return orders',
    ].join('\n');
    const calls = readPythonModelCalls(FILE, text);
    expect(calls.refs.map((c) => [c.positional, c.keywords, c.span.line, c.span.col])).toEqual([
      [['orders'], { v: 2 }, 5, 14],
      [['pkg', 'customers'], {}, 6, 13],
    ]);
    expect(calls.sources.map((c) => c.positional)).toEqual([['raw', 'events']]);
    expect(calls.configs.map((c) => c.keywords)).toEqual([
      { materialized: 'incremental', unique_key: ['id', 'day'], tags: { a: 1, b: -2.5 }, enabled: true },
    ]);
  });

  it('decodes escapes in normal strings and keeps them in raw strings', () => {
    const calls = readPythonModelCalls(FILE, "def model(dbt, s):\n  dbt.ref('a\\'b\\x41', R'c\\d')\n");
    expect(calls.refs[0]?.positional).toEqual(["a'bA", 'c\\d']);
  });

  it('rejects a non-literal argument at its line and column', () => {
    const error = errorOf('def model(dbt, session):\n    name = "orders"\n    return dbt.ref(name)\n');
    expect(error.code).toBe('LDP121');
    expect(error.span).toEqual({ file: FILE, line: 3, col: 20 });
    expect(error.hint).toContain('literal');
  });

  it('rejects f-strings, which are not literals', () => {
    const error = errorOf('def model(dbt, session):\n    return dbt.ref(f"orders_{1}")\n');
    expect([error.code, error.span?.line, error.span?.col]).toEqual(['LDP121', 2, 20]);
  });

  it('needs a model function and terminated strings', () => {
    expect(errorOf('x = dbt.ref("a")\n').code).toBe('LDP124');
    const unterminated = errorOf('def model(dbt, session):\n    return dbt.ref("a)\n');
    expect([unterminated.code, unterminated.span?.line, unterminated.span?.col]).toEqual(['LDP125', 2, 20]);
  });
});
