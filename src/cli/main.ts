#!/usr/bin/env node
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { machineFaultOf } from '../errors/index.js';
import { installedVersion } from '../util/install-root.js';
import { tolerateClosedOutput } from './closed-output.js';
import { commandsFor } from './commands/index.js';
import { exitCodeFor, reportFailure } from './failure.js';
import { rejectInvalidFlags } from './flag-values.js';

const version = installedVersion(import.meta.url);

/** argv → command; exit codes: 0 ok, 1 user error (input, config, data, a failed node), 2 internal error. */
async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName('ldp')
    .usage(
      '$0 <command> [options]\n\nLocal Data Platform: dbt-style SQL models materialized as Iceberg tables with DuckDB.',
    )
    .option('log-format', { choices: ['text', 'json'] as const, default: 'text', describe: 'Output format' })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces and debug details' })
    .option('color', { type: 'boolean', describe: 'Force or disable colours (default: on a terminal)' })
    .version(version)
    .alias('version', 'v')
    .help()
    .alias('help', 'h')
    .strict()
    .check(rejectInvalidFlags)
    .demandCommand(1, 'Choose a command, e.g. `ldp run`; `ldp --help` lists them.')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error) throw error;
      throw Object.assign(new Error(message), { usage: true });
    });
  for (const command of await commandsFor(argv)) cli = cli.command(command);
  skipHelpCache(cli);
  try {
    await cli.parseAsync();
  } catch (caught) {
    // A full disk or a missing permission anywhere is the machine's fault: exit 1, name the path.
    const error = machineFaultOf(caught) ?? caught;
    reportFailure(error, argv);
    process.exitCode = exitCodeFor(error);
  }
}

/**
 * yargs lays out a command's whole help text each time the command runs, to have it at hand if
 * the command fails (20–40 ms of a 200 ms command). ldp never prints help on failure (`.fail`
 * throws), and `--help` lays it out when asked: the cache is left empty.
 */
function skipHelpCache(cli: Argv): void {
  const internal = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => unknown } })
    .getInternalMethods?.()
    .getUsageInstance?.() as { cacheHelpMessage?: () => void } | undefined;
  if (typeof internal?.cacheHelpMessage === 'function') internal.cacheHelpMessage = () => {};
}

tolerateClosedOutput();
await main(hideBin(process.argv));
