import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { list, RESOURCE_TYPES, type ResourceType } from '../../api/index.js';
import {
  type ProjectArgs,
  type SelectionArgs,
  withProjectOptions,
  withSelectionOptions,
} from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

type LsArgs = ProjectArgs &
  SelectionArgs & { output: 'name' | 'path' | 'json' | 'selector'; resourceType?: ResourceType[] };

export const lsCommand: CommandModule<object, LsArgs> = {
  command: ['ls', 'list'],
  describe: 'List the nodes a selection matches',
  builder: (yargs: Argv) =>
    withSelectionOptions(withProjectOptions(yargs))
      .option('output', {
        alias: 'o',
        choices: ['name', 'path', 'json', 'selector'] as const,
        default: 'selector' as const,
      })
      .option('resource-type', {
        type: 'string',
        array: true,
        choices: RESOURCE_TYPES,
        describe: 'Only these kinds',
      }) as unknown as Argv<LsArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await list({
      ...projectOptions(argv, runtime),
      select: argv.select,
      exclude: argv.exclude,
      selector: argv.selector,
      ...(argv.state ? { state: resolve(argv.state) } : {}),
      output: argv.output,
      resourceTypes: argv.resourceType,
    });
  },
};
