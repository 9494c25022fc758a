import type { Argv, CommandModule } from 'yargs';
import { parse } from '../../api/session/parse.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

export const parseCommand: CommandModule<object, ProjectArgs> = {
  command: 'parse',
  describe: 'Read the project, check it and write target/manifest.json',
  builder: (yargs: Argv) => withProjectOptions(yargs) as unknown as Argv<ProjectArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await parse({ ...projectOptions(argv, runtime), writeManifest: true });
  },
};
