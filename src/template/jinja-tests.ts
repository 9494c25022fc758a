import type { Environment } from 'nunjucks';
import { isPlainObject } from './python-repr.js';

/** Jinja2 tests nunjucks does not have (`is none`, `is sequence`, `is boolean`, …). */
export function addJinjaTests(env: Environment): void {
  const tests: Record<string, (value: unknown, ...args: unknown[]) => boolean> = {
    none: (value) => value === null,
    boolean: (value) => typeof value === 'boolean',
    true: (value) => value === true,
    false: (value) => value === false,
    integer: (value) => typeof value === 'number' && Number.isInteger(value),
    float: (value) => typeof value === 'number' && !Number.isInteger(value),
    sequence: (value) => typeof value === 'string' || Array.isArray(value) || isPlainObject(value),
    list: (value) => Array.isArray(value),
    mapping: (value) => isPlainObject(value),
    in: (value, container) =>
      Array.isArray(container) || typeof container === 'string'
        ? container.includes(value as never)
        : isPlainObject(container) && Object.hasOwn(container, String(value)),
  };
  const withTests = env as unknown as {
    addTest(name: string, test: (value: unknown, ...args: unknown[]) => boolean): void;
  };
  for (const [name, test] of Object.entries(tests)) withTests.addTest(name, test);
}
