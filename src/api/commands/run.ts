import { type ExecuteOptions, type ExecuteResult, executeCommand } from '../run/execute-command.js';

export type { ExecuteOptions, ExecuteResult } from '../run/execute-command.js';

/** `ldp run`: materializes the selected models as Iceberg tables and views, in DAG order. */
export function run(options: ExecuteOptions): Promise<ExecuteResult> {
  return executeCommand('run', options);
}

/** `ldp seed`: loads the selected seeds (`seeds/*.csv`) as Iceberg tables. */
export function seed(options: ExecuteOptions): Promise<ExecuteResult> {
  return executeCommand('seed', options);
}

/**
 * `ldp snapshot`: records the selected snapshots' query rows as SCD type-2 history (one Iceberg
 * snapshot per run: changed rows close their current version and get a new one).
 */
export function snapshot(options: ExecuteOptions): Promise<ExecuteResult> {
  return executeCommand('snapshot', options);
}

/** `ldp test`: runs the selected data tests against the warehouse. */
export function test(options: ExecuteOptions): Promise<ExecuteResult> {
  return executeCommand('test', options);
}

/**
 * `ldp build`: seeds, models, snapshots and their tests in DAG order; a node's tests run right
 * after it, and a failing `error` test skips everything downstream of that node.
 */
export function build(options: ExecuteOptions): Promise<ExecuteResult> {
  return executeCommand('build', options);
}
