import type { Argv, CommandModule } from 'yargs';
import { type ShowFormat, show } from '../../api/index.js';
import { wholeNumberFlag } from '../flag-values.js';
import {
  type ProjectArgs,
  type SelectionArgs,
  withProjectOptions,
  withSelectionOptions,
} from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

type ShowArgs = ProjectArgs &
  SelectionArgs & {
    inline?: string;
    /** `--no-limit` arrives as false. */
    limit: number | false;
    snapshot?: string;
    asOf?: string;
    output: ShowFormat;
    outputFile?: string;
  };

export const showCommand: CommandModule<object, ShowArgs> = {
  command: 'show',
  describe: 'Preview the rows of a model (or an earlier snapshot of it) or of inline SQL',
  builder: (yargs: Argv) =>
    withSelectionOptions(withProjectOptions(yargs))
      .option('inline', {
        type: 'string',
        describe: 'SQL to run instead of a model (refs and sources allowed)',
      })
      .option('limit', {
        ...wholeNumberFlag('limit', { min: 0, negatable: true }),
        default: 10,
        describe: 'Rows to show; 0 or --no-limit for every row (csv and json only)',
      })
      .option('snapshot', { type: 'string', describe: 'Read this snapshot id of the model (time travel)' })
      .option('as-of', { type: 'string', describe: 'Read the snapshot current at this ISO time' })
      .option('output', {
        alias: 'o',
        choices: ['table', 'csv', 'json'] as const,
        default: 'table' as const,
        describe: 'How to print the rows',
      })
      .option('output-file', { type: 'string', describe: 'Write csv or json rows to this file' })
      .example('$0 show -s gold_payment_mix', 'the first 10 rows')
      .example('$0 show --inline "select count(*) from {{ ref(\'silver_trips\') }}"', 'ad-hoc SQL')
      .example(
        '$0 show -s silver_trips --as-of 2024-05-01T12:00:00Z',
        'time travel',
      ) as unknown as Argv<ShowArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    const limit = argv.limit === false ? 0 : argv.limit;
    await show({
      ...projectOptions(argv, runtime),
      ...(argv.select ? { select: argv.select } : {}),
      ...(argv.exclude ? { exclude: argv.exclude } : {}),
      ...(argv.selector ? { selector: argv.selector } : {}),
      ...(argv.inline !== undefined ? { inline: argv.inline } : {}),
      ...(argv.snapshot !== undefined ? { snapshotId: argv.snapshot } : {}),
      ...(argv.asOf !== undefined ? { asOf: argv.asOf } : {}),
      ...(argv.outputFile !== undefined ? { outputFile: argv.outputFile } : {}),
      limit,
      output: argv.output,
      // Every row of csv/json without a file streams to stdout, never through one big string.
      stream: process.stdout,
    });
  },
};
