import type { Argv, CommandModule } from 'yargs';
import { relocate } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { lockWaitMs, withLockTimeout } from './lock-option.js';
import { projectOptions } from './project-options.js';

type RelocateArgs = ProjectArgs & { dryRun?: boolean; from?: string; lockTimeout?: number };

export const relocateCommand: CommandModule<object, RelocateArgs> = {
  command: 'relocate',
  describe: "Point a copied or moved project's catalog at its own warehouse files (originals untouched)",
  builder: (yargs: Argv) =>
    withLockTimeout(withProjectOptions(yargs))
      .option('dry-run', { type: 'boolean', describe: 'Show which tables would move; change nothing' })
      .option('from', {
        type: 'string',
        describe: 'Warehouse folder the project was copied from (default: read off the catalog)',
      }) as unknown as Argv<RelocateArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await relocate({
      ...projectOptions(argv, runtime),
      ...(argv.from !== undefined ? { from: argv.from } : {}),
      dryRun: argv.dryRun ?? false,
      lockWaitMs: lockWaitMs(argv.lockTimeout),
    });
  },
};
