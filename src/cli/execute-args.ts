import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { ExecuteOptions } from '../api/index.js';
import { projectOptions } from './commands/project-options.js';
import { wholeNumberFlag } from './flag-values.js';
import type { ProjectArgs, SelectionArgs } from './global-options.js';
import { interruptOnSignals } from './interrupt.js';
import type { CliRuntime } from './runtime.js';

export interface ExecuteArgs extends ProjectArgs, SelectionArgs {
  readonly fullRefresh?: boolean;
  readonly failFast?: boolean;
  readonly lockTimeout?: number;
  readonly openlineage?: string;
  readonly defer?: boolean;
  readonly favorState?: boolean;
  readonly dryRun?: boolean;
  readonly eventTimeStart?: string;
  readonly eventTimeEnd?: string;
}

/** Flags of the commands that build the warehouse (`run`, `seed`, `build`, `test`, `snapshot`). */
export function withExecuteOptions<T>(yargs: Argv<T>) {
  return withDeferOptions(yargs)
    .option('full-refresh', {
      alias: 'f',
      type: 'boolean',
      describe: 'Rebuild incremental models from scratch',
    })
    .option('fail-fast', { alias: 'x', type: 'boolean', describe: 'Stop at the first failure' })
    .option('lock-timeout', {
      ...wholeNumberFlag('lock-timeout', { min: 0 }),
      default: 60,
      describe: 'Seconds to wait while another ldp command holds the warehouse',
    })
    .option('dry-run', {
      type: 'boolean',
      describe:
        'BigQuery targets: print the bytes each node would process (free dry-run jobs); build nothing',
    })
    .option('event-time-start', {
      type: 'string',
      describe: 'Microbatch models: build the batches from this date or timestamp (UTC)',
    })
    .option('event-time-end', {
      type: 'string',
      describe: 'Microbatch models: build the batches up to this date or timestamp (UTC, exclusive)',
    })
    .option('openlineage', {
      type: 'string',
      describe: 'Append OpenLineage run events (START, COMPLETE/FAIL per node) to this JSON-lines file',
    });
}

/** `--defer` and `--favor-state`, of the commands that build and of `compile`. */
export function withDeferOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('defer', {
      type: 'boolean',
      describe: 'Read unselected parents this warehouse lacks from the relations of --state',
    })
    .option('favor-state', {
      type: 'boolean',
      describe: 'With --defer, read every unselected parent from --state, built here or not',
    });
}

/** `--defer`/`--favor-state` as the library's options (`--favor-state` implies `--defer`). */
export function deferOptions(argv: { readonly defer?: boolean; readonly favorState?: boolean }) {
  return {
    ...(argv.defer ? { defer: true } : {}),
    ...(argv.favorState ? { favorState: true, defer: true } : {}),
  };
}

/** Maps the flags onto the library's options; SIGINT/SIGTERM abort the command cleanly. */
export function executeOptions(argv: ExecuteArgs, runtime: CliRuntime): ExecuteOptions {
  return {
    ...projectOptions(argv, runtime),
    ...(argv.select ? { select: argv.select } : {}),
    ...(argv.exclude ? { exclude: argv.exclude } : {}),
    ...(argv.selector ? { selector: argv.selector } : {}),
    ...(argv.state ? { state: resolve(argv.state) } : {}),
    ...deferOptions(argv),
    fullRefresh: argv.fullRefresh ?? false,
    failFast: argv.failFast ?? false,
    lockWaitMs: Math.max(0, (argv.lockTimeout ?? 60) * 1000),
    ...(argv.openlineage ? { openLineagePath: argv.openlineage } : {}),
    ...(argv.dryRun ? { dryRun: true } : {}),
    ...(argv.eventTimeStart !== undefined ? { eventTimeStart: argv.eventTimeStart } : {}),
    ...(argv.eventTimeEnd !== undefined ? { eventTimeEnd: argv.eventTimeEnd } : {}),
    signal: interruptOnSignals(runtime.reporter),
  };
}
