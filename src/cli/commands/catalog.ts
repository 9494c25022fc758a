import type { Argv, CommandModule } from 'yargs';
import { CATALOG_EXPORT_FORMATS, type CatalogExportFormat, catalogExport } from '../../api/index.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { serveCommand } from './catalog-serve.js';
import { projectOptions } from './project-options.js';

type ExportArgs = ProjectArgs & { format: CatalogExportFormat; outputFile?: string };

const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export',
  describe: 'List every table and view of the catalog: layer, columns, rows, size, snapshots, last update',
  builder: (yargs: Argv) =>
    withProjectOptions(yargs)
      .option('format', { choices: CATALOG_EXPORT_FORMATS, default: 'csv' as const })
      .option('output-file', { type: 'string', describe: 'Write to this file instead of printing' })
      .example(
        '$0 catalog export --format json --output-file catalog.json',
        '',
      ) as unknown as Argv<ExportArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    await catalogExport({
      ...projectOptions(argv, runtime),
      format: argv.format,
      ...(argv.outputFile !== undefined ? { outputFile: argv.outputFile } : {}),
    });
  },
};

/** `ldp catalog …`: commands about the warehouse's Iceberg catalog. */
export const catalogCommand: CommandModule<object, object> = {
  command: 'catalog <command>',
  describe: 'Commands about the Iceberg catalog: export, serve',
  builder: (yargs: Argv) =>
    yargs
      .command(exportCommand)
      .command(serveCommand)
      .demandCommand(1, 'Choose a catalog command, e.g. `ldp catalog export`.'),
  handler: () => {},
};
