import { typeError } from '../python/py-errors.js';
import { PyTuple } from '../python/py-types.js';
import { splitArgs } from '../split-args.js';
import { ReturnSignal } from './return-signal.js';

type MacroBody = (...args: unknown[]) => unknown;

/** What a compiled macro body receives after its positional parameters. */
interface MacroExtras {
  caller?: unknown;
  __varargs: PyTuple;
  __kwargs: Record<string, unknown>;
  [withDefault: string]: unknown;
}

/**
 * Wraps a compiled macro body in a function that binds arguments as Jinja2 does: positional
 * then keyword, missing ones undefined, extras into `varargs`/`kwargs` when the macro reads them
 * (else a TypeError). A top-level macro ends at dbt's `return(value)` and evaluates to `value`.
 */
export function makeMacro(
  name: string,
  required: readonly string[],
  optional: readonly string[],
  usesVarargs: boolean,
  usesKwargs: boolean,
  isCaller: boolean,
  body: MacroBody,
): MacroBody & { macroName: string } {
  const params = [...required, ...optional];
  const macro = (...callArgs: unknown[]) => {
    const { positional, keywords } = splitArgs(callArgs);
    const values: unknown[] = positional.slice(0, required.length);
    values.length = required.length;
    const extras: MacroExtras = { __varargs: PyTuple.make(positional.slice(params.length)), __kwargs: {} };
    if (extras.__varargs.length > 0 && !usesVarargs) {
      throw typeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
    }
    positional.slice(required.length, params.length).forEach((value, i) => {
      extras[optional[i]!] = value;
    });
    for (const [key, value] of Object.entries(keywords)) {
      const index = params.indexOf(key);
      if (index !== -1 && index < positional.length)
        throw typeError(`macro '${name}' got multiple values for argument '${key}'`);
      if (index !== -1 && index < required.length) values[index] = value;
      else if (index !== -1 || key === 'caller') extras[key] = value;
      else if (usesKwargs) extras.__kwargs[key] = value;
      else throw typeError(`macro '${name}' takes no keyword argument '${key}'`);
    }
    try {
      return body(...values, extras);
    } catch (error) {
      if (!isCaller && error instanceof ReturnSignal) return error.value;
      throw error;
    }
  };
  return Object.assign(macro, { macroName: name });
}
