import type { Argv, CommandModule } from 'yargs';
import { snapshots } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

type SnapshotsArgs = ProjectArgs & { model: string; output: 'table' | 'json' };

export const snapshotsCommand: CommandModule<object, SnapshotsArgs> = {
  command: 'snapshots <model>',
  describe: "List the Iceberg snapshots of a model's table, oldest first",
  builder: (yargs: Argv) =>
    withProjectOptions(yargs)
      .positional('model', { type: 'string', demandOption: true, describe: 'Model, seed or snapshot name' })
      .option('output', {
        alias: 'o',
        choices: ['table', 'json'] as const,
        default: 'table' as const,
      }) as unknown as Argv<SnapshotsArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await snapshots({ ...projectOptions(argv, runtime), model: argv.model, output: argv.output });
  },
};
