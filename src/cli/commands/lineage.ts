import type { Argv, CommandModule } from 'yargs';
import { lineage } from '../../api/index.js';
import { LINEAGE_FORMATS, type LineageFormat } from '../../lineage/index.js';
import { wholeNumberFlag } from '../flag-values.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

type LineageArgs = ProjectArgs & {
  node: string;
  upstream?: boolean;
  downstream?: boolean;
  depth?: number;
  column?: string;
  output: LineageFormat;
};

export const lineageCommand: CommandModule<object, LineageArgs> = {
  command: 'lineage <node>',
  describe:
    'Show what is upstream and downstream of a node (or of one of its columns), as recorded by the last runs',
  builder: (yargs: Argv) =>
    withProjectOptions(yargs)
      .positional('node', { type: 'string', demandOption: true, describe: 'Node name or unique id' })
      .option('upstream', { type: 'boolean', describe: 'Only what the node is built from' })
      .option('downstream', { type: 'boolean', describe: 'Only what is built from the node' })
      .conflicts('upstream', 'downstream')
      .option('depth', { ...wholeNumberFlag('depth', { min: 1 }), describe: 'Hops to follow (default: all)' })
      .option('column', { alias: 'c', type: 'string', describe: 'Follow this column through column lineage' })
      .option('output', {
        alias: 'o',
        choices: LINEAGE_FORMATS,
        default: 'text' as const,
        describe: 'text tree, json, Graphviz dot or Mermaid',
      })
      .example('$0 lineage gold_payment_mix --upstream --column revenue', 'where a column comes from')
      .example(
        '$0 lineage silver_trips --downstream -o mermaid',
        'what depends on a model, as a diagram',
      ) as unknown as Argv<LineageArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await lineage({
      ...projectOptions(argv, runtime),
      node: argv.node,
      direction: argv.upstream ? 'upstream' : argv.downstream ? 'downstream' : 'both',
      ...(argv.depth !== undefined ? { depth: argv.depth } : {}),
      ...(argv.column !== undefined ? { column: argv.column } : {}),
      output: argv.output,
    });
  },
};
