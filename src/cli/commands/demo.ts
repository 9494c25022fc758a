import type { Argv, CommandModule } from 'yargs';
import { demo } from '../../api/index.js';
import { positiveNumberFlag, wholeNumberFlag } from '../flag-values.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';

type DemoArgs = ProjectArgs & {
  out: string;
  months?: string[];
  rows?: number;
  scale?: number;
  seed?: number;
};

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Write sample NYC yellow-taxi trip files and zone lookup (for example_project)',
  builder: (yargs: Argv) =>
    withProjectOptions(yargs)
      .option('out', {
        type: 'string',
        default: 'data',
        describe: 'Folder to write, relative to the project',
      })
      .option('months', { type: 'string', array: true, describe: 'Months as YYYY-MM (default 2023-01)' })
      .option('rows', { ...wholeNumberFlag('rows', { min: 1 }), describe: 'Rows per month' })
      .option('scale', {
        ...positiveNumberFlag('scale'),
        describe: 'Fraction of the real January 2023 volume, 3,066,766 rows (default 1)',
      })
      .option('seed', {
        ...wholeNumberFlag('seed', { min: 0 }),
        describe: 'Same seed → same rows (default 2023)',
      })
      .conflicts('rows', 'scale')
      .example(
        '$0 demo --rows 100000 --months 2023-01 2023-02',
        'two small months',
      ) as unknown as Argv<DemoArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await demo({
      projectDir: argv.projectDir,
      out: argv.out,
      reporter: runtime.reporter,
      ...(argv.months ? { months: argv.months.map(String) } : {}),
      ...(argv.rows !== undefined ? { rowsPerMonth: argv.rows } : {}),
      ...(argv.scale !== undefined ? { scale: argv.scale } : {}),
      ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
    });
  },
};
