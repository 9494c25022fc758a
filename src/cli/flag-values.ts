import { LdpError } from '../errors/index.js';

/**
 * A flag value that failed its check. yargs turns an error thrown by `coerce` into a bare message,
 * so `coerce` returns this instead and `rejectInvalidFlags`, a yargs `check` that runs before any
 * command handler, throws the error itself: exit 1 with its code and hint. A handler therefore
 * never sees one.
 */
class InvalidFlagValue {
  constructor(readonly error: LdpError) {}
}

/** yargs `check`: throws the error of the first flag whose value failed its check. */
export function rejectInvalidFlags(argv: Readonly<Record<string, unknown>>): true {
  for (const value of Object.values(argv)) if (value instanceof InvalidFlagValue) throw value.error;
  return true;
}

/** What `coerce` returns: the value, typed as the handlers see it (see `InvalidFlagValue`). */
function invalid<T>(error: LdpError): T {
  return new InvalidFlagValue(error) as unknown as T;
}

/**
 * yargs option fields for a flag that takes a whole number. The option has no yargs `type`:
 * `type: 'number'` turns `abc` into NaN before any check could name what was written. `coerce`
 * checks the written value: anything but a whole number in `[min, max]` is `LDP920` (exit 1);
 * `nargs: 1` makes a flag without a value a usage error. `negatable` lets `--no-<flag>` through
 * as `false` (`--no-limit`).
 */
export function wholeNumberFlag(
  flag: string,
  range: { readonly min: number; readonly max?: number; readonly negatable?: boolean },
) {
  return {
    nargs: 1,
    coerce: (value: unknown): number | false => {
      if (value === false && range.negatable) return false;
      const number = wholeNumber(value);
      if (number !== undefined && number >= range.min && number <= (range.max ?? Number.MAX_SAFE_INTEGER))
        return number;
      return invalid(
        new LdpError({
          code: 'LDP920',
          message: `--${flag} must be a whole number ${rangeText(range)}, not '${String(value)}'`,
          hint: `Write it as digits, e.g. --${flag} ${Math.max(range.min, 1)}.`,
        }),
      );
    },
  };
}

/** yargs option fields for a flag that takes a number above zero, such as a fraction (`--scale 0.5`). */
export function positiveNumberFlag(flag: string) {
  return {
    nargs: 1,
    coerce: (value: unknown): number => {
      const number = typeof value === 'number' ? value : Number(String(value).trim() || Number.NaN);
      if (Number.isFinite(number) && number > 0) return number;
      return invalid(
        new LdpError({
          code: 'LDP920',
          message: `--${flag} must be a number above 0, not '${String(value)}'`,
          hint: `Write it as a decimal number, e.g. --${flag} 0.5.`,
        }),
      );
    },
  };
}

/** Digits (a string) or an integer yargs already read as a number; anything else is undefined. */
function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function rangeText(range: { readonly min: number; readonly max?: number }): string {
  if (range.max !== undefined) return `from ${range.min} to ${range.max}`;
  return `of ${range.min} or more`;
}

/**
 * `coerce` for a list flag (`--select`, `--exclude`): as in dbt, the flag without a value, or
 * with an empty one, is an error (`LDP921`) rather than a silent "select everything".
 */
export function nonEmptyListFlag(flag: string, example: string) {
  return (values: readonly unknown[]): string[] => {
    const list = values.map(String);
    if (list.length > 0 && list.every((value) => value.trim().length > 0)) return list;
    return invalid(
      new LdpError({
        code: 'LDP921',
        message: `--${flag} needs a value`,
        hint: `Name what to ${flag}, e.g. --${flag} ${example}; leave the flag out to ${flag === 'exclude' ? 'exclude nothing' : 'select every node'}.`,
      }),
    );
  };
}
