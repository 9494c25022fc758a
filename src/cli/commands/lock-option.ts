import type { Argv } from 'yargs';
import { wholeNumberFlag } from '../flag-values.js';

/** `--lock-timeout`, for commands that commit to the warehouse and so take its lock. */
export function withLockTimeout<T>(yargs: Argv<T>) {
  return yargs.option('lock-timeout', {
    ...wholeNumberFlag('lock-timeout', { min: 0 }),
    default: 60,
    describe: 'Seconds to wait while another ldp command holds the warehouse',
  });
}

/** Seconds on the command line → the library's milliseconds. */
export function lockWaitMs(seconds: number | undefined): number {
  return Math.max(0, (seconds ?? 60) * 1000);
}
