import type { Argv, CommandModule } from 'yargs';
import {
  build,
  type ExecuteOptions,
  type ExecuteResult,
  run,
  seed,
  snapshot,
  test,
} from '../../api/index.js';
import { type ExecuteArgs, executeOptions, withExecuteOptions } from '../execute-args.js';
import { finishExecution } from '../finish-execution.js';
import { withProjectOptions, withSelectionOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';

/** The commands that build the warehouse share their flags, options and exit codes. */
function executeCommandModule(
  command: string,
  describe: string,
  execute: (options: ExecuteOptions) => Promise<ExecuteResult>,
): CommandModule<object, ExecuteArgs> {
  return {
    command,
    describe,
    builder: (yargs: Argv) =>
      withExecuteOptions(withSelectionOptions(withProjectOptions(yargs))) as unknown as Argv<ExecuteArgs>,
    handler: async (argv) => {
      finishExecution(await execute(executeOptions(argv, createRuntime(argv))));
    },
  };
}

export const runCommand = executeCommandModule(
  'run',
  'Materialize the selected models as Iceberg tables (and views), in DAG order',
  run,
);

export const seedCommand = executeCommandModule(
  'seed',
  'Load the CSV files of seed-paths as Iceberg tables',
  seed,
);

export const snapshotCommand = executeCommandModule(
  'snapshot',
  'Record the selected snapshots: SCD type-2 history of their query rows as Iceberg tables',
  snapshot,
);

export const testCommand = executeCommandModule(
  'test',
  'Run the selected data and unit tests against the warehouse',
  test,
);

export const buildCommand = executeCommandModule(
  'build',
  'Seeds, models, snapshots and their tests in DAG order; failing tests stop what is downstream',
  build,
);
