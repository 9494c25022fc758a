import type { Argv, CommandModule } from 'yargs';
import { deps } from '../../api/commands/deps.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

interface DepsArgs extends ProjectArgs {
  readonly upgrade: boolean;
  readonly lock: boolean;
  readonly addPackage?: string;
  readonly source: 'hub' | 'git' | 'local';
}

export const depsCommand: CommandModule<object, DepsArgs> = {
  command: 'deps',
  describe: 'Install the packages of packages.yml / dependencies.yml (pinned in package-lock.yml)',
  builder: (yargs: Argv) =>
    withProjectOptions(yargs)
      .option('upgrade', {
        type: 'boolean',
        default: false,
        describe: 'Resolve the packages again and rewrite package-lock.yml',
      })
      .option('lock', {
        type: 'boolean',
        default: false,
        describe: 'Write package-lock.yml without installing',
      })
      .option('add-package', {
        type: 'string',
        describe:
          'Add a package to packages.yml first: <namespace>/<name>@<version> (or <url>@<revision>, <path>)',
      })
      .option('source', {
        choices: ['hub', 'git', 'local'] as const,
        default: 'hub' as const,
        describe: 'Where --add-package comes from',
      }) as unknown as Argv<DepsArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await deps({
      ...projectOptions(argv, runtime),
      upgrade: argv.upgrade,
      lockOnly: argv.lock,
      ...(argv.addPackage !== undefined
        ? { addPackage: { argument: argv.addPackage, source: argv.source } }
        : {}),
    });
  },
};
