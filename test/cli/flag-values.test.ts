import { describe, expect, it } from 'vitest';
import {
  nonEmptyListFlag,
  positiveNumberFlag,
  rejectInvalidFlags,
  wholeNumberFlag,
} from '../../src/cli/flag-values.js';
import { LdpError } from '../../src/errors/index.js';

/** The error `rejectInvalidFlags` throws for a coerced value, or undefined when it passes. */
function errorOf(value: unknown): LdpError | undefined {
  try {
    rejectInvalidFlags({ flag: value });
    return undefined;
  } catch (error) {
    return error as LdpError;
  }
}

describe('flag value checks', () => {
  it('accepts whole numbers in range, written as digits or read as numbers', () => {
    const threads = wholeNumberFlag('threads', { min: 1 });
    expect(threads.coerce('4')).toBe(4);
    expect(threads.coerce(24)).toBe(24);
    expect(errorOf(threads.coerce(1))).toBeUndefined();
  });

  it('turns anything else into LDP920 naming the flag and what was written', () => {
    const threads = wholeNumberFlag('threads', { min: 1 });
    for (const written of ['abc', '1.5', 1.5, 0, -1, '', Number.NaN]) {
      const error = errorOf(threads.coerce(written));
      expect(error).toBeInstanceOf(LdpError);
      expect(error?.code).toBe('LDP920');
      expect(error?.message).toBe(`--threads must be a whole number of 1 or more, not '${String(written)}'`);
    }
    const port = wholeNumberFlag('port', { min: 0, max: 65535 });
    expect(errorOf(port.coerce(65536))?.message).toContain('from 0 to 65535');
    expect(port.coerce(0)).toBe(0);
  });

  it('lets --no-<flag> through only where it means something', () => {
    expect(wholeNumberFlag('limit', { min: 0, negatable: true }).coerce(false)).toBe(false);
    expect(errorOf(wholeNumberFlag('threads', { min: 1 }).coerce(false))?.code).toBe('LDP920');
  });

  it('checks fractions and lists', () => {
    const scale = positiveNumberFlag('scale');
    expect(scale.coerce('0.25')).toBe(0.25);
    expect(errorOf(scale.coerce('big'))?.message).toBe("--scale must be a number above 0, not 'big'");
    expect(errorOf(scale.coerce('0'))?.code).toBe('LDP920');
    const select = nonEmptyListFlag('select', 'my_model+');
    expect(select(['a', 'b+'])).toEqual(['a', 'b+']);
    for (const empty of [[], [''], ['a', ' ']]) {
      const error = errorOf(select(empty));
      expect(error?.code).toBe('LDP921');
      expect(error?.message).toBe('--select needs a value');
    }
  });
});
