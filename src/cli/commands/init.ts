import type { Argv, CommandModule } from 'yargs';
import { initProject } from '../../api/commands/init.js';
import { createRuntime } from '../runtime.js';

export const initCommand: CommandModule<object, { dir: string; name?: string }> = {
  command: 'init <dir>',
  describe: 'Create a new medallion project (seeds → bronze → silver → gold) in <dir>',
  builder: (yargs: Argv) =>
    yargs
      .positional('dir', { type: 'string', demandOption: true, describe: 'Folder to create' })
      .option('name', {
        type: 'string',
        describe: 'Project name (default: the folder name)',
      }) as unknown as Argv<{
      dir: string;
      name?: string;
    }>,
  handler: (argv) => {
    const runtime = createRuntime(argv);
    const created = initProject(argv.dir, argv.name);
    runtime.reporter.report({
      kind: 'info',
      message: `Created project '${created.projectName}' in ${created.path}.\n  Next: cd ${argv.dir} && ldp build`,
    });
  },
};
