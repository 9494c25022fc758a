import { setMaxListeners } from 'node:events';
import { InternalError, LdpError, LdpErrors } from '../errors/index.js';
import type { ExecutionPlan, PlannedStep, SchedulableStep } from '../model/execution-plan.js';
import type { Reporter } from '../model/reporter.js';
import type { StepOutcome, StepResult } from '../model/run-result.js';

/** Abort listeners one running step may add to its signal, with room to spare. */
const LISTENERS_PER_STEP = 4;

/** What a step executor gets besides the step: its worker's name and a signal to stop early. */
export interface StepContext {
  readonly threadId: string;
  readonly signal: AbortSignal;
}

export interface ExecutePlanOptions<Step extends SchedulableStep = PlannedStep> {
  readonly plan: ExecutionPlan<Step>;
  /** Steps running at once (at least 1). */
  readonly threads: number;
  /** Stop at the first error: running steps are cancelled, the rest skipped. */
  readonly failFast: boolean;
  /** Runs one step; a thrown `LdpError` becomes an error result, anything else is a bug in ldp. */
  readonly runStep: (step: Step, context: StepContext) => Promise<StepOutcome>;
  /** `sql table model silver.trips`: how result lines name a step. */
  readonly label: (step: Step) => string;
  readonly reporter: Reporter;
  readonly clock?: () => Date;
  /** Aborted by the caller (e.g. on SIGINT): nothing new starts, running steps are told to stop. */
  readonly signal?: AbortSignal;
}

export interface ExecutePlanResult {
  readonly results: readonly StepResult[];
  /** True when the run stopped early: --fail-fast after an error, or the caller's signal. */
  readonly interrupted: boolean;
}

/**
 * Runs the plan in dependency order with up to `threads` steps at once. A step starts when every
 * step it waits for succeeded; when one fails (or blocks), everything downstream is skipped and the
 * others go on. Each step reports a START and a result line, numbered in the order they start.
 */
export async function executePlan<Step extends SchedulableStep = PlannedStep>(
  options: ExecutePlanOptions<Step>,
): Promise<ExecutePlanResult> {
  return new PlanRun(options).run();
}

class PlanRun<Step extends SchedulableStep> {
  private readonly steps: ReadonlyMap<string, Step>;
  private readonly children = new Map<string, string[]>();
  private readonly waitingOn = new Map<string, number>();
  private readonly ready: string[] = [];
  private readonly results: StepResult[] = [];
  private readonly done = new Set<string>();
  private readonly runningIds = new Set<string>();
  private readonly abort = new AbortController();
  private readonly freeThreads: string[];
  private readonly now: () => Date;
  private readonly total: number;
  private started = 0;
  private stopped = false;
  private finish!: () => void;
  private fail!: (error: unknown) => void;
  private internalError: unknown;

  constructor(private readonly options: ExecutePlanOptions<Step>) {
    this.steps = new Map(options.plan.steps.map((step) => [step.common.uniqueId, step]));
    this.total = options.plan.steps.length;
    this.now = options.clock ?? (() => new Date());
    const threads = Math.max(1, Math.floor(options.threads));
    // Every running step listens on the signal (to interrupt its query), a few listeners each:
    // with many threads that passes Node's default of 10, and Node would warn of a leak.
    setMaxListeners(LISTENERS_PER_STEP * threads + 10, this.abort.signal);
    this.freeThreads = Array.from({ length: threads }, (_, i) => `Thread-${threads - i}`);
    for (const step of options.plan.steps) {
      const id = step.common.uniqueId;
      const parents = (options.plan.dependsOn.get(id) ?? []).filter((p) => this.steps.has(p));
      this.waitingOn.set(id, parents.length);
      for (const parent of parents) {
        const siblings = this.children.get(parent);
        if (siblings) siblings.push(id);
        else this.children.set(parent, [id]);
      }
      if (parents.length === 0) this.ready.push(id);
    }
  }

  async run(): Promise<ExecutePlanResult> {
    const external = this.options.signal;
    const onExternalAbort = () => this.stop();
    external?.addEventListener('abort', onExternalAbort, { once: true });
    try {
      if (external?.aborted) this.stop();
      await new Promise<void>((resolve, reject) => {
        this.finish = resolve;
        this.fail = reject;
        this.pump();
      });
    } finally {
      external?.removeEventListener('abort', onExternalAbort);
    }
    return { results: this.results, interrupted: this.stopped };
  }

  /** Starts ready steps while threads are free; ends the run when nothing is left to do. */
  private pump(): void {
    while (!this.stopped && this.ready.length > 0 && this.freeThreads.length > 0) {
      void this.start(this.ready.shift()!, this.freeThreads.pop()!);
    }
    if (this.stopped) this.skipRemaining('the run was stopped');
    if (this.runningIds.size === 0 && (this.stopped || this.ready.length === 0)) {
      // A bug in a step surfaces only once every running step has finished with the session.
      if (this.internalError !== undefined) this.fail(this.internalError);
      else if (!this.stopped && this.done.size < this.total) {
        this.fail(new InternalError('execution plan has steps that can never start (a cycle in dependsOn?)'));
      } else this.finish();
    }
  }

  private async start(id: string, threadId: string): Promise<void> {
    const step = this.steps.get(id)!;
    const index = ++this.started;
    const label = this.options.label(step);
    this.runningIds.add(id);
    this.options.reporter.report({ kind: 'node-start', index, total: this.total, uniqueId: id, label });
    const startedAt = this.now();
    const t0 = performance.now();
    const outcome = await this.outcomeOf(step, threadId);
    const durationMs = performance.now() - t0;
    const result: StepResult = {
      ...outcome,
      uniqueId: id,
      startedAt,
      completedAt: this.now(),
      durationMs,
      threadId,
    };
    this.freeThreads.push(threadId);
    this.record(result, index, label);
    const failed = outcome.status === 'error' || outcome.blocksDependents === true;
    if (failed) {
      this.skipDownstream(
        id,
        `skipped because '${step.common.name}' ${outcome.status === 'error' ? 'failed' : 'did not pass'}`,
      );
      if (this.options.failFast) this.stop();
    } else {
      for (const child of this.children.get(id) ?? []) this.release(child);
    }
    this.pump();
  }

  private async outcomeOf(step: Step, threadId: string): Promise<StepOutcome> {
    try {
      return await this.options.runStep(step, { threadId, signal: this.abort.signal });
    } catch (error) {
      const userError = error instanceof LdpErrors ? error.errors[0] : error;
      if (userError instanceof LdpError) {
        return { status: 'error', detail: 'ERROR', message: userError.message, error: userError };
      }
      if (this.abort.signal.aborted) return { status: 'error', detail: 'CANCELLED', message: 'cancelled' };
      // Not the user's fault: stop the run, let running steps finish, then report the bug.
      this.internalError ??= error;
      this.stop();
      const text = error instanceof Error ? error.message : String(error);
      return { status: 'error', detail: 'ERROR', message: `internal error: ${text}` };
    }
  }

  private release(child: string): void {
    const left = (this.waitingOn.get(child) ?? 0) - 1;
    this.waitingOn.set(child, left);
    if (left === 0 && !this.done.has(child)) this.ready.push(child);
  }

  private skipDownstream(id: string, reason: string): void {
    const queue = [...(this.children.get(id) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (this.done.has(next)) continue;
      this.skip(next, reason);
      queue.push(...(this.children.get(next) ?? []));
    }
  }

  private skipRemaining(reason: string): void {
    for (const step of this.options.plan.steps) {
      const id = step.common.uniqueId;
      if (!this.done.has(id) && !this.runningIds.has(id)) this.skip(id, reason);
    }
    this.ready.length = 0;
  }

  private skip(id: string, reason: string): void {
    const step = this.steps.get(id)!;
    const now = this.now();
    const result: StepResult = {
      status: 'skipped',
      detail: 'SKIP',
      message: reason,
      uniqueId: id,
      startedAt: now,
      completedAt: now,
      durationMs: 0,
    };
    this.record(result, ++this.started, this.options.label(step));
  }

  private record(result: StepResult, index: number, label: string): void {
    this.done.add(result.uniqueId);
    this.runningIds.delete(result.uniqueId);
    this.results.push(result);
    this.options.reporter.report({
      kind: 'node-end',
      index,
      total: this.total,
      uniqueId: result.uniqueId,
      label,
      status: result.status,
      ...(result.statusText !== undefined ? { statusText: result.statusText } : {}),
      detail: result.detail,
      durationMs: result.durationMs,
      ...(result.message !== undefined && result.status !== 'success' ? { message: result.message } : {}),
      ...(result.sample ? { sample: result.sample } : {}),
    });
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
  }
}
