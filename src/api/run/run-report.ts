import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { RunResult } from '../../model/run-result.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import type { ParsedProject } from '../session/parse.js';
import { describeSteps, resultCounts } from './step-labels.js';

/** dbt's opening lines: the version, what the project holds, the concurrency. */
export function reportHeader(parsed: ParsedProject, plan: ExecutionPlan, threads: number): void {
  const report = (message: string) => parsed.reporter.report({ kind: 'info', message });
  report(`Running with ldp=${LDP_VERSION}`);
  report(`Found ${projectCounts(parsed)}`);
  report(
    `Concurrency: ${threads} thread${threads === 1 ? '' : 's'} (target='${parsed.project.target.name}')`,
  );
  parsed.reporter.report({
    kind: 'header',
    command: 'run',
    message: plan.steps.length === 0 ? 'Nothing to do: no node matches the selection.' : '',
    total: plan.steps.length,
  });
}

/** dbt's closing lines: what ran and how long it took, then the counts. */
export function reportSummary(parsed: ParsedProject, plan: ExecutionPlan, run: RunResult): void {
  const seconds = (run.completedAt.getTime() - run.startedAt.getTime()) / 1000;
  const counts = resultCounts(run.results);
  const report = (message: string) => parsed.reporter.report({ kind: 'info', message });
  report(
    `Finished running ${describeSteps(plan.steps)} in ${humanDuration(seconds)} (${seconds.toFixed(2)}s).`,
  );
  if (run.interrupted)
    report('The run was stopped before every node ran; tables keep their last committed snapshot.');
  else if (counts.ERROR === 0)
    report(
      counts.WARN > 0
        ? `Completed with ${counts.WARN} warning${counts.WARN === 1 ? '' : 's'}`
        : 'Completed successfully',
    );
  else {
    report(`Completed with ${counts.ERROR} error${counts.ERROR === 1 ? '' : 's'}:`);
    // Each error once more, in full: where (the compiled file's line, with a code frame) and a hint.
    for (const result of run.results) {
      if (result.error) parsed.reporter.report({ kind: 'diagnostic', diagnostic: result.error });
    }
  }
  reportDone(parsed, counts, seconds * 1000);
}

/** dbt's last line, `Done. PASS=5 WARN=0 ERROR=1 SKIP=2 TOTAL=8`, from counts in that order. */
export function reportDone(
  parsed: Pick<ParsedProject, 'reporter'>,
  counts: Readonly<Record<string, number>>,
  durationMs: number,
): void {
  parsed.reporter.report({
    kind: 'summary',
    message: `Done. ${Object.entries(counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    counts,
    durationMs,
  });
}

function projectCounts(parsed: ParsedProject): string {
  const counts = new Map<string, number>();
  for (const node of parsed.manifest.nodes.values()) {
    const noun = node.resourceType === 'test' ? 'data test' : node.resourceType.replace('_', ' ');
    counts.set(noun, (counts.get(noun) ?? 0) + 1);
  }
  const order = ['model', 'seed', 'snapshot', 'data test', 'unit test', 'source', 'exposure', 'analysis'];
  return order
    .filter((noun) => counts.has(noun))
    .map((noun) => `${counts.get(noun)} ${noun}${counts.get(noun) === 1 ? '' : 's'}`)
    .join(', ');
}

function humanDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = (seconds % 60).toFixed(2);
  return `${h} hours ${m} minutes and ${s} seconds`;
}
