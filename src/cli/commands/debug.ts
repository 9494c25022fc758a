import type { Argv, CommandModule } from 'yargs';
import { debugProject } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

export const debugCommand: CommandModule<object, ProjectArgs> = {
  command: 'debug',
  describe: 'Show the resolved project, profile, target and paths, and check they work',
  builder: (yargs: Argv) => withProjectOptions(yargs) as unknown as Argv<ProjectArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await debugProject(projectOptions(argv, runtime));
  },
};
