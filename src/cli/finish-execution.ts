import type { ExecuteResult } from '../api/index.js';
import { CommandFailed } from './failure.js';

/** Exit codes of a command that ran nodes: 130 when stopped by a signal, 1 when a node failed. */
export function finishExecution(result: ExecuteResult): void {
  if (result.cancelled) {
    process.exitCode = 130;
    return;
  }
  if (result.failed) throw new CommandFailed('some nodes failed');
}
