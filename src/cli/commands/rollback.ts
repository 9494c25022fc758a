import type { Argv, CommandModule } from 'yargs';
import { rollback } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { lockWaitMs, withLockTimeout } from './lock-option.js';
import { projectOptions } from './project-options.js';

type RollbackArgs = ProjectArgs & { model: string; to: string; lockTimeout?: number };

export const rollbackCommand: CommandModule<object, RollbackArgs> = {
  command: 'rollback <model>',
  describe: "Make an earlier snapshot of a model's table current again (history is kept)",
  builder: (yargs: Argv) =>
    withLockTimeout(withProjectOptions(yargs))
      .positional('model', { type: 'string', demandOption: true, describe: 'Model, seed or snapshot name' })
      .option('to', {
        type: 'string',
        demandOption: true,
        describe: 'Snapshot id to return to (see ldp snapshots <model>)',
      }) as unknown as Argv<RollbackArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await rollback({
      ...projectOptions(argv, runtime),
      model: argv.model,
      to: argv.to,
      lockWaitMs: lockWaitMs(argv.lockTimeout),
    });
  },
};
