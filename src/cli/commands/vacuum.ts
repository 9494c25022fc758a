import type { Argv, CommandModule } from 'yargs';
import { vacuum } from '../../api/index.js';
import { wholeNumberFlag } from '../flag-values.js';
import {
  type ProjectArgs,
  type SelectionArgs,
  withProjectOptions,
  withSelectionOptions,
} from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { lockWaitMs, withLockTimeout } from './lock-option.js';
import { projectOptions } from './project-options.js';

type VacuumArgs = ProjectArgs &
  SelectionArgs & { dryRun?: boolean; olderThan?: string; retainLast?: number; lockTimeout?: number };

export const vacuumCommand: CommandModule<object, VacuumArgs> = {
  command: 'vacuum',
  describe: 'Expire old snapshots and delete files no snapshot reads (per retention:)',
  builder: (yargs: Argv) =>
    withLockTimeout(withSelectionOptions(withProjectOptions(yargs)))
      .option('dry-run', { type: 'boolean', describe: 'Show what would be removed; delete nothing' })
      .option('older-than', {
        type: 'string',
        describe: 'Expire snapshots older than this (7d, 36h…; default retention.snapshots_max_age)',
      })
      .option('retain-last', {
        ...wholeNumberFlag('retain-last', { min: 1 }),
        describe: 'Keep at least this many newest snapshots per table (default retention.min_snapshots)',
      }) as unknown as Argv<VacuumArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await vacuum({
      ...projectOptions(argv, runtime),
      ...(argv.select ? { select: argv.select } : {}),
      ...(argv.exclude ? { exclude: argv.exclude } : {}),
      ...(argv.selector ? { selector: argv.selector } : {}),
      ...(argv.olderThan !== undefined ? { olderThan: argv.olderThan } : {}),
      ...(argv.retainLast !== undefined ? { retainLast: argv.retainLast } : {}),
      dryRun: argv.dryRun ?? false,
      lockWaitMs: lockWaitMs(argv.lockTimeout),
    });
  },
};
