import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { compile } from '../../api/commands/compile.js';
import { deferOptions, withDeferOptions } from '../execute-args.js';
import {
  type ProjectArgs,
  type SelectionArgs,
  withProjectOptions,
  withSelectionOptions,
} from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

type CompileArgs = ProjectArgs & SelectionArgs & { inline?: string; defer?: boolean; favorState?: boolean };

export const compileCommand: CommandModule<object, CompileArgs> = {
  command: 'compile',
  describe: 'Render the selected nodes to SQL under target/compiled (never writes to the warehouse)',
  builder: (yargs: Argv) =>
    withDeferOptions(withSelectionOptions(withProjectOptions(yargs))).option('inline', {
      type: 'string',
      describe: 'Compile this SQL (refs allowed) and print it',
    }) as unknown as Argv<CompileArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await compile({
      ...projectOptions(argv, runtime),
      select: argv.select,
      exclude: argv.exclude,
      selector: argv.selector,
      ...(argv.state ? { state: resolve(argv.state) } : {}),
      ...deferOptions(argv),
      inline: argv.inline,
    });
  },
};
