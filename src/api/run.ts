import { type ExecuteOptions, type ExecuteResult, executeCommand } from './execute-command.js';

export type { ExecuteOptions, ExecuteResult } from './execute-command.js';

/** `ldp run`: materializes the selected models as Iceberg tables and views, in DAG order. */
export function run(options: ExecuteOptions): Promise<ExecuteResult> {
  return executeCommand('run', options);
}

/** `ldp seed`: loads the selected seeds (`seeds/*.csv`) as Iceberg tables. */
export function seed(options: ExecuteOptions): Promise<ExecuteResult> {
  return executeCommand('seed', options);
}
