import type { DuckDBConnection } from '@duckdb/node-api';
import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import { executeStep, type MaterializeContext } from '../../adapters/duckdb/materialize/index.js';
import type { UnitTestEngine } from '../../adapters/duckdb/unit-test/unit-test-engine.js';
import { compileProjectHooks } from '../../compile/compile-hooks.js';
import { LdpError, machineFaultOf } from '../../errors/index.js';
import type { StepContext } from '../../execute/execute-plan.js';
import type { PlannedStep } from '../../model/execution-plan.js';
import type { StepOutcome } from '../../model/run-result.js';
import { relationKeyOf } from '../../model/warehouse-state.js';
import { type HookRender, stepRenderedNow, type WarehouseRender } from '../compile/render-at-run-time.js';
import { projectScope } from '../compile/render-hooks.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import type { ParsedProject } from '../session/parse.js';
import { retentionProperties } from './retention.js';

export interface StepRunnerOptions {
  readonly session: LakehouseSession;
  readonly parsed: ParsedProject;
  readonly runId: string;
  /** Sources that could not be attached, by unique id: their dependents fail with that error. */
  readonly sourceErrors: ReadonlyMap<string, LdpError>;
  /** Tables whose files cannot be read, by `relationKey`: the steps that read them fail with that error. */
  readonly tableErrors?: ReadonlyMap<string, LdpError>;
  /** The in-memory database unit tests run in, apart from the lakehouse. */
  readonly unitTestEngine?: UnitTestEngine;
  /** Renders the nodes that read the warehouse while they render, on the step's connection. */
  readonly renderNow?: WarehouseRender;
  /** Renders the hooks that read the warehouse while they render, on the step's connection. */
  readonly renderHooksNow?: HookRender;
}

/**
 * Runs a step on a connection of its own: the pre-hooks, the materialization, the post-hooks.
 * A cancelled run interrupts the step's statements, so a step stopped before its commit leaves
 * its table as it was.
 */
export function stepRunner(options: StepRunnerOptions) {
  const { session, parsed, runId } = options;
  return (step: PlannedStep, context: StepContext): Promise<StepOutcome> =>
    session.pool.withConnection(async (conn) => {
      // A step runs several statements; once cancelled, every one of them is interrupted, not
      // only the one running at the moment of the signal.
      let repeat: NodeJS.Timeout | undefined;
      const interrupt = () => {
        conn.interrupt();
        repeat = setInterval(() => conn.interrupt(), 50);
      };
      context.signal.addEventListener('abort', interrupt, { once: true });
      try {
        if (step.common.compiled?.renderError) throw step.common.compiled.renderError;
        failOnBrokenSource(step, parsed, options.sourceErrors);
        failOnUnreadableTable(step, parsed, options.tableErrors);
        const ctx = materializeContext(conn, options, context.signal);
        const ready = options.renderNow
          ? await stepRenderedNow(step, conn, options.renderNow, parsed.project.root)
          : step;
        // SQL rendered only now may read what the session has not attached yet.
        if (ready !== step && 'sql' in ready) await session.attachNamedIn(conn, ready.sql);
        const hooksNow = ready.common.hooksReadWarehouse ? options.renderHooksNow : undefined;
        const hooks = (kind: 'pre' | 'post') =>
          hooksNow
            ? hooksNow(ready.common.uniqueId, kind, conn)
            : Promise.resolve(kind === 'pre' ? ready.common.preHooks : ready.common.postHooks);
        await runHooks(conn, ready, await hooks('pre'), 'pre_hook');
        const outcome = await executeStep(ready, ctx);
        await runHooks(conn, ready, await hooks('post'), 'post_hook');
        return outcome;
      } catch (error) {
        // A full disk or a missing permission is the step's error result, not a bug in ldp.
        throw machineFaultOf(error) ?? error;
      } finally {
        context.signal.removeEventListener('abort', interrupt);
        clearInterval(repeat);
      }
    });

  function materializeContext(
    conn: DuckDBConnection,
    opts: StepRunnerOptions,
    signal: AbortSignal,
  ): MaterializeContext {
    const started = performance.now();
    return {
      conn,
      session: opts.session,
      projectRoot: parsed.project.root,
      signal,
      runStartedAt: parsed.startedAt,
      ...(opts.unitTestEngine ? { unitTestEngine: opts.unitTestEngine } : {}),
      snapshotSummary: (s) => () => ({
        'ldp.run-id': runId,
        'ldp.node': s.common.uniqueId,
        'ldp.sql-sha256': s.common.sqlFingerprint,
        'ldp.duration-ms': String(Math.round(performance.now() - started)),
        'ldp.version': LDP_VERSION,
      }),
      tableProperties: (s) => ({
        'ldp.model': s.common.uniqueId,
        'ldp.project': parsed.project.config.name,
        ...(s.common.layer ? { 'ldp.layer': s.common.layer } : {}),
        ...retentionProperties(parsed.project.config),
      }),
    };
  }
}

async function runHooks(
  conn: DuckDBConnection,
  step: PlannedStep,
  hooks: readonly string[],
  kind: 'pre_hook' | 'post_hook',
): Promise<void> {
  for (const [i, sql] of hooks.entries()) {
    try {
      await conn.run(sql);
    } catch (error) {
      throw new LdpError(
        {
          code: 'LDP405',
          message: `${kind} ${i + 1} of ${step.common.resourceType} '${step.common.name}' failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          hint: `The hook ran: ${sql.length > 200 ? `${sql.slice(0, 200)}…` : sql}`,
        },
        { cause: error },
      );
    }
  }
}

/** A step reading a source whose files could not be read fails with the source's own error. */
function failOnBrokenSource(
  step: PlannedStep,
  parsed: ParsedProject,
  errors: ReadonlyMap<string, LdpError>,
): void {
  if (errors.size === 0) return;
  for (const parent of parsed.manifest.parentMap.get(step.common.uniqueId) ?? []) {
    const error = errors.get(parent);
    if (error) throw error;
  }
}

/**
 * A step reading a table whose files cannot be read fails with the table's own error (which
 * names the file and how to recover), not with DuckDB's "table does not exist". Views and
 * ephemeral models are looked through: the session recreates or inlines them.
 */
function failOnUnreadableTable(
  step: PlannedStep,
  parsed: ParsedProject,
  errors: ReadonlyMap<string, LdpError> | undefined,
): void {
  if (!errors || errors.size === 0) return;
  const seen = new Set<string>();
  const visit = (id: string): void => {
    for (const parentId of parsed.manifest.parentMap.get(id) ?? []) {
      if (seen.has(parentId)) continue;
      seen.add(parentId);
      const parent = parsed.manifest.nodes.get(parentId);
      if (!parent || !('relation' in parent)) continue;
      const error = errors.get(relationKeyOf(parent.relation));
      if (error) throw readsUnreadable(step, error);
      const materialized = parent.resourceType === 'model' ? parent.config.materialized : undefined;
      if (materialized === 'view' || materialized === 'ephemeral') visit(parentId);
    }
  };
  visit(step.common.uniqueId);
}

function readsUnreadable(step: PlannedStep, error: LdpError): LdpError {
  return new LdpError(
    {
      ...error.toInit(),
      message: `${step.common.resourceType} '${step.common.name}' cannot run: ${error.message}`,
    },
    { cause: error },
  );
}

/** `on-run-start` / `on-run-end`: project hooks rendered with the generic context, run in order. */
export async function runProjectHooks(
  session: LakehouseSession,
  parsed: ParsedProject,
  kind: 'on-run-start' | 'on-run-end',
): Promise<void> {
  const texts = kind === 'on-run-start' ? parsed.project.config.onRunStart : parsed.project.config.onRunEnd;
  if (texts.length === 0) return;
  const schemas = [
    ...new Set(session.catalog.listAllTables().map((t) => t.identifier.namespace.join('.'))),
  ].sort();
  const hooks = compileProjectHooks(texts, kind, projectScope(parsed), parsed.project.configFile, {
    schemas,
  });
  await session.pool.withConnection(async (conn) => {
    for (const [i, sql] of hooks.entries()) {
      try {
        await conn.run(sql);
      } catch (error) {
        throw new LdpError(
          {
            code: 'LDP406',
            message: `${kind} hook ${i + 1} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
            span: parsed.project.config.spans[kind] ?? { file: parsed.project.configFile, line: 1, col: 1 },
            hint: 'Fix the hook in the project file; it runs in the DuckDB session of the command.',
          },
          { cause: error },
        );
      }
    }
  });
}
