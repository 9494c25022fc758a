import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LdpError } from '../../src/errors/index.js';
import { executePlan, type StepContext } from '../../src/execute/execute-plan.js';
import type { ExecutionPlan, PlannedStep } from '../../src/model/execution-plan.js';
import { CollectingReporter } from '../../src/model/reporter.js';
import type { StepOutcome } from '../../src/model/run-result.js';

/** A plan of view steps named by letters, with `edges` as `child: [parents]`. */
function plan(edges: Record<string, string[]>): ExecutionPlan {
  const steps = Object.keys(edges).map(
    (name): PlannedStep => ({
      kind: 'view',
      sql: `select '${name}'`,
      common: {
        uniqueId: name,
        name,
        resourceType: 'model',
        partitionBy: [],
        preHooks: [],
        postHooks: [],
        sqlFingerprint: name,
      },
    }),
  );
  return { steps, dependsOn: new Map(Object.entries(edges)) };
}

const ok: StepOutcome = { status: 'success', detail: 'OK' };

async function execute(
  edges: Record<string, string[]>,
  runStep: (step: PlannedStep, context: StepContext) => Promise<StepOutcome>,
  extra: { threads?: number; failFast?: boolean; signal?: AbortSignal } = {},
) {
  const reporter = new CollectingReporter();
  const result = await executePlan({
    plan: plan(edges),
    threads: extra.threads ?? 2,
    failFast: extra.failFast ?? false,
    runStep,
    label: (step) => `view ${step.common.name}`,
    reporter,
    ...(extra.signal ? { signal: extra.signal } : {}),
  });
  const status = Object.fromEntries(result.results.map((r) => [r.uniqueId, r.status]));
  return { ...result, status, reporter };
}

describe('executePlan', () => {
  it('starts a step only after its parents, with at most `threads` at once', async () => {
    let running = 0;
    let most = 0;
    const finished: string[] = [];
    const edges = { a: [], b: [], c: [], d: ['a', 'b'], e: ['d', 'c'] };
    const { status } = await execute(edges, async (step) => {
      const name = step.common.name;
      for (const parent of edges[name as keyof typeof edges]) expect(finished).toContain(parent);
      running++;
      most = Math.max(most, running);
      await sleep(10);
      running--;
      finished.push(name);
      return ok;
    });
    expect(most).toBe(2);
    expect(status).toEqual({ a: 'success', b: 'success', c: 'success', d: 'success', e: 'success' });
  });

  it('turns a user error into an error result and skips only what is downstream', async () => {
    const { status, results, reporter } = await execute(
      { a: [], b: ['a'], c: ['b'], d: [] },
      async (step) => {
        if (step.common.name === 'a') throw new LdpError({ code: 'LDP401', message: 'a broke' });
        return ok;
      },
    );
    expect(status).toEqual({ a: 'error', b: 'skipped', c: 'skipped', d: 'success' });
    expect(results.find((r) => r.uniqueId === 'a')!.message).toBe('a broke');
    expect(results.find((r) => r.uniqueId === 'c')!.message).toBe("skipped because 'a' failed");
    const numbers = reporter.events.flatMap((e) => (e.kind === 'node-end' ? [e.index] : []));
    expect([...numbers].sort()).toEqual([1, 2, 3, 4]);
  });

  it('skips downstream of a step that blocks its dependents without failing (a failed test)', async () => {
    const { status } = await execute({ t: [], m: ['t'] }, async (step) =>
      step.common.name === 't'
        ? { status: 'fail', detail: 'FAIL 1', failures: 1, blocksDependents: true }
        : ok,
    );
    expect(status).toEqual({ t: 'fail', m: 'skipped' });
  });

  it('stops at the first error with fail-fast, cancelling running steps through the signal', async () => {
    const { status, interrupted } = await execute(
      { slow: [], broken: [], later: ['broken'], other: ['slow'] },
      async (step, context) => {
        if (step.common.name === 'broken') {
          await sleep(5);
          throw new LdpError({ code: 'LDP401', message: 'no' });
        }
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        throw new LdpError({ code: 'LDP401', message: 'cancelled' });
      },
      { failFast: true },
    );
    expect(interrupted).toBe(true);
    expect(status).toEqual({ broken: 'error', slow: 'error', later: 'skipped', other: 'skipped' });
  });

  it('stops when the caller aborts: nothing new starts', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const { status, interrupted } = await execute(
      { a: [], b: ['a'] },
      async (step) => {
        started.push(step.common.name);
        controller.abort();
        return ok;
      },
      { signal: controller.signal },
    );
    expect(interrupted).toBe(true);
    expect(started).toEqual(['a']);
    expect(status).toEqual({ a: 'success', b: 'skipped' });
  });

  it('reports a bug in a step only after the other running steps have finished', async () => {
    let otherFinished = false;
    const run = execute({ bug: [], other: [] }, async (step) => {
      if (step.common.name === 'bug') throw new TypeError('undefined is not a function');
      await sleep(30);
      otherFinished = true;
      return ok;
    });
    await expect(run).rejects.toThrow('undefined is not a function');
    expect(otherFinished).toBe(true);
  });
});
