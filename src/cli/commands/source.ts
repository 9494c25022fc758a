import type { Argv, CommandModule } from 'yargs';
import { sourceFreshness } from '../../api/index.js';
import { CommandFailed } from '../failure.js';
import {
  type ProjectArgs,
  type SelectionArgs,
  withProjectOptions,
  withSelectionOptions,
} from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

type FreshnessArgs = ProjectArgs & SelectionArgs & { output?: string };

const freshnessCommand: CommandModule<object, FreshnessArgs> = {
  command: 'freshness',
  describe:
    'Check how recently each source was loaded against its freshness rule; exit 1 when one is past error_after',
  builder: (yargs: Argv) =>
    withSelectionOptions(withProjectOptions(yargs))
      .option('output', {
        alias: 'o',
        type: 'string',
        describe: 'Write the results here instead of target/sources.json',
      })
      .example(
        '$0 source freshness -s source:tlc',
        'only the tables of source tlc',
      ) as unknown as Argv<FreshnessArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    const result = await sourceFreshness({
      ...projectOptions(argv, runtime),
      ...(argv.select ? { select: argv.select } : {}),
      ...(argv.exclude ? { exclude: argv.exclude } : {}),
      ...(argv.selector ? { selector: argv.selector } : {}),
      ...(argv.output !== undefined ? { output: argv.output } : {}),
    });
    if (result.failed) throw new CommandFailed('some sources are stale or could not be checked');
  },
};

/** `ldp source …`: commands about the project's sources (dbt's `dbt source freshness`). */
export const sourceCommand: CommandModule<object, object> = {
  command: 'source <command>',
  describe: 'Commands about sources: freshness',
  builder: (yargs: Argv) =>
    yargs.command(freshnessCommand).demandCommand(1, 'Choose a source command, e.g. `ldp source freshness`.'),
  handler: () => {},
};
