import type { Argv, CommandModule } from 'yargs';
import { clean } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

export const cleanCommand: CommandModule<object, ProjectArgs> = {
  command: 'clean',
  describe: "Delete the project's clean-targets (target/ and dbt_packages/ by default)",
  builder: (yargs: Argv) => withProjectOptions(yargs) as unknown as Argv<ProjectArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await clean(projectOptions(argv, runtime));
  },
};
