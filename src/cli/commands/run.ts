import type { Argv, CommandModule } from 'yargs';
import { build, run, seed, snapshot, test } from '../../api/index.js';
import { type ExecuteArgs, executeOptions, withExecuteOptions } from '../execute-args.js';
import { finishExecution } from '../finish-execution.js';
import { withProjectOptions, withSelectionOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';

export const runCommand: CommandModule<object, ExecuteArgs> = {
  command: 'run',
  describe: 'Materialize the selected models as Iceberg tables (and views), in DAG order',
  builder: (yargs: Argv) =>
    withExecuteOptions(withSelectionOptions(withProjectOptions(yargs))) as unknown as Argv<ExecuteArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    finishExecution(await run(executeOptions(argv, runtime)));
  },
};

export const seedCommand: CommandModule<object, ExecuteArgs> = {
  command: 'seed',
  describe: 'Load the CSV files of seed-paths as Iceberg tables',
  builder: (yargs: Argv) =>
    withExecuteOptions(withSelectionOptions(withProjectOptions(yargs))) as unknown as Argv<ExecuteArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    finishExecution(await seed(executeOptions(argv, runtime)));
  },
};

export const snapshotCommand: CommandModule<object, ExecuteArgs> = {
  command: 'snapshot',
  describe: 'Record the selected snapshots: SCD type-2 history of their query rows as Iceberg tables',
  builder: (yargs: Argv) =>
    withExecuteOptions(withSelectionOptions(withProjectOptions(yargs))) as unknown as Argv<ExecuteArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    finishExecution(await snapshot(executeOptions(argv, runtime)));
  },
};

export const testCommand: CommandModule<object, ExecuteArgs> = {
  command: 'test',
  describe: 'Run the selected data tests against the warehouse',
  builder: (yargs: Argv) =>
    withExecuteOptions(withSelectionOptions(withProjectOptions(yargs))) as unknown as Argv<ExecuteArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    finishExecution(await test(executeOptions(argv, runtime)));
  },
};

export const buildCommand: CommandModule<object, ExecuteArgs> = {
  command: 'build',
  describe: 'Seeds, models, snapshots and their tests in DAG order; failing tests stop what is downstream',
  builder: (yargs: Argv) =>
    withExecuteOptions(withSelectionOptions(withProjectOptions(yargs))) as unknown as Argv<ExecuteArgs>,
  handler: async (argv) => {
    const runtime = createRuntime(argv);
    finishExecution(await build(executeOptions(argv, runtime)));
  },
};
