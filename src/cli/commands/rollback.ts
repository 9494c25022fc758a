import type { Argv, CommandModule } from 'yargs';
import { rollback } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { lockWaitMs, withLockTimeout } from './lock-option.js';
import { projectOptions } from './project-options.js';

type RollbackArgs = ProjectArgs & {
  model: string;
  to?: string;
  toPreviousMetadata?: boolean;
  lockTimeout?: number;
};

export const rollbackCommand: CommandModule<object, RollbackArgs> = {
  command: 'rollback <model>',
  describe: "Make an earlier snapshot of a model's table current again (history is kept)",
  builder: (yargs: Argv) =>
    withLockTimeout(withProjectOptions(yargs))
      .positional('model', { type: 'string', demandOption: true, describe: 'Model, seed or snapshot name' })
      .option('to', {
        type: 'string',
        describe: 'Snapshot id to return to (see ldp snapshots <model>)',
      })
      .option('to-previous-metadata', {
        type: 'boolean',
        describe:
          "Point the table back at the catalog's previous metadata file, when its current one is missing or damaged (the last commit is lost)",
      }) as unknown as Argv<RollbackArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await rollback({
      ...projectOptions(argv, runtime),
      model: argv.model,
      ...(argv.to === undefined ? {} : { to: argv.to }),
      ...(argv.toPreviousMetadata ? { toPreviousMetadata: true } : {}),
      lockWaitMs: lockWaitMs(argv.lockTimeout),
    });
  },
};
