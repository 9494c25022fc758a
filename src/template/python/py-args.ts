import { splitArgs } from '../split-args.js';
import { typeError } from './py-errors.js';

/**
 * Binds a template call's arguments to Python-style parameters: positional first, then by
 * keyword. Returns one slot per parameter (`undefined` when not given). Too many arguments or an
 * unknown keyword is a TypeError, as in Python.
 */
export function bindArgs(name: string, params: readonly string[], args: readonly unknown[]): unknown[] {
  const { positional, keywords } = splitArgs(args);
  if (positional.length > params.length) {
    throw typeError(`${name}() takes at most ${params.length} argument(s) (${positional.length} given)`);
  }
  const bound: unknown[] = [...positional];
  bound.length = params.length;
  for (const [key, value] of Object.entries(keywords)) {
    const index = params.indexOf(key);
    if (index === -1) throw typeError(`${name}() got an unexpected keyword argument '${key}'`);
    if (index < positional.length) throw typeError(`${name}() got multiple values for argument '${key}'`);
    bound[index] = value;
  }
  return bound;
}

/** A function with Python parameters: `pyFunction('split', ['sep', 'maxsplit'], (sep, max) => …)`. */
export function pyFunction<R>(
  name: string,
  params: readonly string[],
  impl: (...args: never[]) => R,
): (...args: unknown[]) => R {
  const call = impl as (...args: unknown[]) => R;
  return (...args: unknown[]) => call(...bindArgs(name, params, args));
}
