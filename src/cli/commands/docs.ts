import type { Argv, CommandModule } from 'yargs';
import { docsGenerate, docsServe } from '../../api/index.js';
import { wholeNumberFlag } from '../flag-values.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

const generateCommand: CommandModule<object, ProjectArgs> = {
  command: 'generate',
  describe: 'Write the docs site (models, columns, tests, Iceberg history, lineage) to target/docs',
  builder: (yargs: Argv) => withProjectOptions(yargs) as unknown as Argv<ProjectArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await docsGenerate(projectOptions(argv, runtime));
  },
};

type ServeArgs = ProjectArgs & { port: number };

const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve target/docs on http://127.0.0.1:<port>/ until Ctrl-C',
  builder: (yargs: Argv) =>
    withProjectOptions(yargs).option('port', {
      ...wholeNumberFlag('port', { min: 0, max: 65535 }),
      default: 8080,
      describe: 'Port to listen on (0 picks a free one)',
    }) as unknown as Argv<ServeArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    const server = await docsServe({ ...projectOptions(argv, runtime), port: argv.port });
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close().then(resolve, resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};

/** `ldp docs generate|serve`, as dbt's `dbt docs`. */
export const docsCommand: CommandModule<object, object> = {
  command: 'docs <command>',
  describe: 'Generate or serve the docs site',
  builder: (yargs: Argv) =>
    yargs
      .command(generateCommand)
      .command(serveCommand)
      .demandCommand(1, 'Choose a docs command: `ldp docs generate` or `ldp docs serve`.'),
  handler: () => {},
};
