import type { Reporter } from '../model/reporter.js';

/**
 * For commands that build the warehouse: the first SIGINT/SIGTERM asks the command to stop (no
 * new node starts, running queries are interrupted, every table stays at its last committed
 * snapshot); a second one exits at once, which commits being atomic also leaves no table
 * half-written.
 */
export function interruptOnSignals(reporter: Reporter): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    reporter.report({
      kind: 'info',
      message: `${signal} received: cancelling running nodes (again to quit at once)`,
    });
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
