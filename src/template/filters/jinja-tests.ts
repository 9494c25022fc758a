import { pyCompare, pyContains, pyEq } from '../python/py-ops.js';
import { isMappingObject, isPlainObject, PySet } from '../python/py-types.js';
import type { FilterRegistry, TemplateFunction } from './registry.js';

const isText = (value: unknown) =>
  typeof value === 'string' ||
  (value !== null && typeof value === 'object' && value.constructor?.name === 'SafeString');

/** Jinja2's tests (`is defined`, `is none`, `is mapping`…), with Python's idea of each type. */
export function jinjaTests(registry: FilterRegistry): Record<string, TemplateFunction> {
  const eq = (value: unknown, other: unknown) => pyEq(value, other);
  const ne = (value: unknown, other: unknown) => !pyEq(value, other);
  const lt = (value: unknown, other: unknown) => pyCompare(value, other, '<') < 0;
  const le = (value: unknown, other: unknown) => pyCompare(value, other, '<=') <= 0;
  const gt = (value: unknown, other: unknown) => pyCompare(value, other, '>') > 0;
  const ge = (value: unknown, other: unknown) => pyCompare(value, other, '>=') >= 0;
  return {
    defined: (value: unknown) => value !== undefined,
    undefined: (value: unknown) => value === undefined,
    none: (value: unknown) => value === null,
    boolean: (value: unknown) => typeof value === 'boolean',
    true: (value: unknown) => value === true,
    false: (value: unknown) => value === false,
    integer: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
    float: (value: unknown) => typeof value === 'number' && !Number.isInteger(value),
    // Python's bool is a Number, so `True is number` holds.
    number: (value: unknown) => typeof value === 'number' || typeof value === 'boolean',
    string: isText,
    mapping: (value: unknown) => isPlainObject(value) || value instanceof Map || isMappingObject(value),
    // Jinja2's Undefined is iterable (and empty), and so is every container.
    iterable: (value: unknown) =>
      value === undefined ||
      isText(value) ||
      (value !== null && typeof value === 'object' && (isPlainObject(value) || Symbol.iterator in value)),
    sequence: (value: unknown) =>
      value === undefined ||
      isText(value) ||
      (Array.isArray(value) && !(value instanceof PySet)) ||
      isPlainObject(value),
    callable: (value: unknown) => typeof value === 'function',
    sameas: (value: unknown, other: unknown) => value === other,
    escaped: (value: unknown) =>
      value !== null && typeof value === 'object' && value.constructor?.name === 'SafeString',
    lower: (value: unknown) => isText(value) && String(value) === String(value).toLowerCase(),
    upper: (value: unknown) => isText(value) && String(value) === String(value).toUpperCase(),
    odd: (value: unknown) => Math.abs(Number(value) % 2) === 1,
    even: (value: unknown) => Number(value) % 2 === 0,
    divisibleby: (value: unknown, num: unknown) => Number(value) % Number(num) === 0,
    in: (value: unknown, container: unknown) => pyContains(container, value),
    filter: (value: unknown) => registry.hasFilter(String(value)),
    test: (value: unknown) => registry.hasTest(String(value)),
    eq,
    equalto: eq,
    '==': eq,
    ne,
    '!=': ne,
    lt,
    lessthan: lt,
    '<': lt,
    le,
    '<=': le,
    gt,
    greaterthan: gt,
    '>': gt,
    ge,
    '>=': ge,
  };
}
