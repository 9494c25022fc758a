import type { Argv, CommandModule } from 'yargs';
import { runOperation } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { lockWaitMs, withLockTimeout } from './lock-option.js';
import { projectOptions } from './project-options.js';

type RunOperationArgs = ProjectArgs & { macro: string; args?: string; lockTimeout?: number };

export const runOperationCommand: CommandModule<object, RunOperationArgs> = {
  command: 'run-operation <macro>',
  describe: 'Call a macro against the lakehouse (its statements run; grants, maintenance, staging)',
  builder: (yargs: Argv) =>
    withLockTimeout(withProjectOptions(yargs))
      .positional('macro', { type: 'string', demandOption: true, describe: 'The macro to call' })
      .option('args', {
        type: 'string',
        describe: "The macro's keyword arguments as YAML: --args '{table: orders, days: 7}'",
      }) as unknown as Argv<RunOperationArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await runOperation({
      ...projectOptions(argv, runtime),
      macro: argv.macro,
      ...(argv.args !== undefined ? { args: argv.args } : {}),
      lockWaitMs: lockWaitMs(argv.lockTimeout),
    });
  },
};
