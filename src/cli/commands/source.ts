import type { Argv, CommandModule } from 'yargs';
import { sourceFreshness, sourceLoad } from '../../api/index.js';
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

type LoadArgs = ProjectArgs & SelectionArgs & { 'from-target'?: string; 'full-refresh'?: boolean };

const loadCommand: CommandModule<object, LoadArgs> = {
  command: 'load',
  describe:
    'Load sources that live in BigQuery (meta.bigquery) into local Iceberg tables, one snapshot each; exit 1 when one fails',
  builder: (yargs: Argv) =>
    withSelectionOptions(withProjectOptions(yargs))
      .option('from-target', {
        type: 'string',
        describe:
          'The type: bigquery output of your profile to read with (unless meta.bigquery.target names one)',
      })
      .option('full-refresh', {
        type: 'boolean',
        describe: 'Replace every row, also of sources with a watermark',
      })
      .example(
        '$0 source load --from-target prod -s source:shop',
        'pull the BigQuery tables of source shop into the local lakehouse',
      ) as unknown as Argv<LoadArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    const result = await sourceLoad({
      ...projectOptions(argv, runtime),
      ...(argv.select ? { select: argv.select } : {}),
      ...(argv.exclude ? { exclude: argv.exclude } : {}),
      ...(argv.selector ? { selector: argv.selector } : {}),
      ...(argv['from-target'] !== undefined ? { fromTarget: argv['from-target'] } : {}),
      ...(argv['full-refresh'] ? { fullRefresh: true } : {}),
    });
    if (result.failed) throw new CommandFailed('some sources could not be loaded');
  },
};

/** `ldp source …`: commands about the project's sources (dbt's `dbt source freshness`). */
export const sourceCommand: CommandModule<object, object> = {
  command: 'source <command>',
  describe: 'Commands about sources: freshness, load',
  builder: (yargs: Argv) =>
    yargs
      .command(freshnessCommand)
      .command(loadCommand)
      .demandCommand(1, 'Choose a source command, e.g. `ldp source freshness`.'),
  handler: () => {},
};
