import type { Argv, CommandModule } from 'yargs';
import { catalogServe } from '../../api/commands/catalog-serve.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

type ServeArgs = ProjectArgs & { port: number; host: string; token?: string; readOnly: boolean };

/** `ldp catalog serve`: the warehouse as an Iceberg REST catalog until Ctrl-C. */
export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve the warehouse as an Iceberg REST catalog (pyiceberg, Spark, Trino, DuckDB) until Ctrl-C',
  builder: (yargs: Argv) =>
    withProjectOptions(yargs)
      .option('port', { type: 'number', default: 8181, describe: 'Port to listen on (0 picks a free one)' })
      .option('host', {
        type: 'string',
        default: '127.0.0.1',
        describe: 'Address to listen on; any other than loopback needs --token',
      })
      .option('token', {
        type: 'string',
        describe: 'Bearer token clients must send (default: env LDP_CATALOG_TOKEN)',
      })
      .option('read-only', { type: 'boolean', default: false, describe: 'Refuse every change with 403' })
      .example('$0 catalog serve --port 8181', '')
      .example('LDP_CATALOG_TOKEN=secret $0 catalog serve --host 0.0.0.0', '') as unknown as Argv<ServeArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    const token = argv.token ?? process.env['LDP_CATALOG_TOKEN'];
    const server = await catalogServe({
      ...projectOptions(argv, runtime),
      port: argv.port,
      host: argv.host,
      readOnly: argv.readOnly,
      ...(token !== undefined ? { token } : {}),
    });
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
