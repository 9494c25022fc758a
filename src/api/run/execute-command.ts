import { type LakehouseSession, tableIdOf } from '../../adapters/duckdb/lakehouse-session.js';
import { UnitTestEngine } from '../../adapters/duckdb/unit-test/unit-test-engine.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import { LdpError } from '../../errors/index.js';
import { executePlan } from '../../execute/execute-plan.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { ResourceType } from '../../model/node.js';
import type { RunResult } from '../../model/run-result.js';
import { relationKeyOf } from '../../model/warehouse-state.js';
import { eventTimeRange } from '../../plan/plan-microbatch.js';
import { planRun } from '../../plan/plan-run.js';
import {
  type CompiledSelection,
  compileNodes,
  startManifest,
  writeCompileArtifacts,
} from '../compile/compile-nodes.js';
import { compiledPathIn } from '../compile/compiled-paths.js';
import { hookRenderer, warehouseRenderer } from '../compile/render-at-run-time.js';
import { renderHooks } from '../compile/render-hooks.js';
import { recordLineage } from '../record/record-lineage.js';
import { recordCommandError, recordCommandStart, recordRun } from '../record/record-run.js';
import { checkDeferOptions } from '../session/defer-options.js';
import type { ProjectOptions, SelectionOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import { selectForCommand } from '../session/select.js';
import { openSession, openWarehouseCatalog } from '../warehouse/lakehouse.js';
import { lockWarehouse } from '../warehouse/lock-warehouse.js';
import { attachSelectedSources } from '../warehouse/source-attachment.js';
import { readWarehouseState } from '../warehouse/warehouse-state.js';
import { deferToState } from './defer.js';
import { exportDuckdbFileIfConfigured } from './duckdb-file.js';
import { reportHeader, reportSummary } from './run-report.js';
import { runProjectHooks, stepRunner } from './run-steps.js';
import { stepLabel } from './step-labels.js';
import { warnAboutTablesOutsideWarehouse } from './tables-outside-warehouse.js';
import { unregisteredTablesWarning } from './unregistered-tables.js';
import { warehouseReadsOf } from './warehouse-reads.js';

/** The commands that change the warehouse, and the node types each one builds. */
export type ExecuteCommand = 'run' | 'seed' | 'snapshot' | 'test' | 'build';

const RESOURCE_TYPES: Readonly<Record<ExecuteCommand, readonly ResourceType[]>> = {
  run: ['model'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  test: ['test', 'unit_test'],
  build: ['model', 'seed', 'snapshot', 'test', 'unit_test'],
};

export interface ExecuteOptions extends ProjectOptions, SelectionOptions {
  /** Rebuild incremental models (and seeds) from scratch. */
  readonly fullRefresh?: boolean;
  /** Stop at the first failure: running steps are cancelled, the rest skipped. */
  readonly failFast?: boolean;
  /** How long to wait for another command that holds the warehouse (ms, default 60 s). */
  readonly lockWaitMs?: number;
  /** Aborted on SIGINT/SIGTERM: nothing new starts, running queries are interrupted. */
  readonly signal?: AbortSignal;
  /** Append OpenLineage RunEvents (START, COMPLETE/FAIL per node) to this JSON-lines file. */
  readonly openLineagePath?: string;
  /** BigQuery targets: estimate every selected node with a free dry-run job; build nothing. */
  readonly dryRun?: boolean;
  /** `--event-time-start` / `--event-time-end`: the range microbatch models build (ISO, UTC). */
  readonly eventTimeStart?: string;
  readonly eventTimeEnd?: string;
}

export interface ExecuteResult extends RunResult {
  readonly parsed: ParsedProject;
  readonly plan: ExecutionPlan;
  /** True when any step errored or failed (the CLI exits with 1). */
  readonly failed: boolean;
  /** True when the caller's signal stopped the command (the CLI exits with 130). */
  readonly cancelled: boolean;
}

/**
 * Parse → select → compile → (lock the warehouse, read its state once) → plan → execute →
 * record. The warehouse lock is held from before the state is read until the results are
 * recorded, so two commands never interleave commits on the same warehouse.
 */
export async function executeCommand(
  command: ExecuteCommand,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  const clock = options.clock ?? (() => new Date());
  checkDeferOptions(options);
  const parsed = await parse(options);
  const selected = selectForCommand(parsed, options, RESOURCE_TYPES[command]);
  Object.assign(parsed.templates.facts, { selected, command, fullRefresh: options.fullRefresh ?? false });
  const manifest = startManifest(parsed, clock());
  // A node that fails to render fails when its turn comes; the others still build (as dbt).
  const compiled = await compileNodes(parsed, selected, { failures: 'per-node' });
  await writeCompileArtifacts(parsed, compiled, clock(), { manifest });
  if (parsed.project.target.type === 'bigquery') {
    // Loaded on demand, so local runs never load the BigQuery client.
    const { executeOnBigQuery } = await import('./bigquery-run.js');
    return executeOnBigQuery(
      command,
      options,
      parsed,
      selected,
      compiled.nodes,
      commandArgs(command, options),
    );
  }
  if (options.dryRun)
    throw new LdpError({
      code: 'LDP886',
      message: `--dry-run estimates BigQuery jobs; target '${parsed.project.target.name}' is of type ${parsed.project.target.type}`,
      hint: 'Pass --target with a type: bigquery output of your profile, or leave out --dry-run.',
    });
  const catalog = openWarehouseCatalog(parsed.project.target, clock);
  try {
    await lockWarehouse(catalog, {
      owner: `ldp ${command} (project ${parsed.project.config.name})`,
      waitMs: options.lockWaitMs ?? 60_000,
      reporter: parsed.reporter,
    });
    warnAboutTablesOutsideWarehouse(catalog, parsed.reporter);
    const unregistered = unregisteredTablesWarning(catalog);
    if (unregistered) parsed.reporter.report({ kind: 'diagnostic', diagnostic: unregistered });
    const plan = planRun({
      manifest: parsed.manifest,
      compiled: withRenderErrors(parsed, compiled),
      selected,
      warehouse: readWarehouseState(catalog),
      fullRefresh: options.fullRefresh ?? false,
      projectRoot: parsed.project.root,
      ...(parsed.project.target.externalRoot ? { externalRoot: parsed.project.target.externalRoot } : {}),
      hooks: renderHooks(parsed, selected),
      testsBlockDownstream: command === 'build',
      ...eventTimeRange(options),
      now: clock(),
    });
    return await executePlanned(command, options, parsed, plan, catalog);
  } finally {
    catalog.close();
  }
}

/** The compiled nodes, with a failing placeholder for each node that failed to render. */
function withRenderErrors(
  parsed: ParsedProject,
  compiled: CompiledSelection,
): ReadonlyMap<string, CompiledNode> {
  if (!compiled.failed) return compiled.nodes;
  const nodes = new Map(compiled.nodes);
  for (const [id, error] of compiled.failed) {
    const node = parsed.manifest.nodes.get(id)!;
    nodes.set(id, {
      uniqueId: id,
      sql: `-- ${node.name} failed to render: ${error.message}\n`,
      ephemerals: [],
      compiledPath: compiledPathIn(parsed.project.config, node),
      renderError: error,
    });
  }
  return nodes;
}

async function executePlanned(
  command: ExecuteCommand,
  options: ExecuteOptions,
  parsed: ParsedProject,
  plan: ExecutionPlan,
  catalog: SqliteCatalog,
): Promise<ExecuteResult> {
  const clock = options.clock ?? (() => new Date());
  const runId = parsed.invocationId;
  const startedAt = clock();
  const threads = parsed.project.target.threads;
  recordCommandStart(catalog, parsed, command, commandArgs(command, options), startedAt);
  reportHeader(parsed, plan, threads);
  let session: LakehouseSession | undefined;
  const unitTestEngine = new UnitTestEngine();
  try {
    session = await openSession(catalog, parsed.project.target, { attachWarehouse: false });
    const sourceErrors = await attachSelectedSources(session, parsed, plan);
    const reads = warehouseReadsOf(
      plan,
      parsed.project.config,
      (relation) => catalog.loadView(tableIdOf(relation))?.sql,
    );
    const tableErrors = notRebuilt(await session.attachWarehouse(reads), plan);
    await deferToState(session, parsed, plan, catalog, options);
    await session.ensureSchemas(
      plan.steps.flatMap((step) => (step.common.relation ? [step.common.relation] : [])),
    );
    await runProjectHooks(session, parsed, 'on-run-start');
    const executed = await executePlan({
      plan,
      threads,
      failFast: options.failFast ?? false,
      runStep: stepRunner({
        session,
        parsed,
        runId,
        sourceErrors,
        tableErrors,
        unitTestEngine,
        renderNow: warehouseRenderer(parsed, catalog, session.attachNamedIn.bind(session)),
        renderHooksNow: hookRenderer(parsed, catalog, session.attachNamedIn.bind(session)),
      }),
      label: stepLabel,
      reporter: parsed.reporter,
      clock,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!executed.interrupted) await runProjectHooks(session, parsed, 'on-run-end');
    const run: RunResult = { runId, command, startedAt, completedAt: clock(), ...executed };
    const failed = run.results.some((r) => r.status === 'error' || r.status === 'fail');
    recordRun(catalog, parsed, plan, run, commandArgs(command, options), failed);
    await publishAfterRun(parsed, {
      lineage: () => recordLineage(session!, catalog, parsed, plan, run, options),
      'the DuckDB database file': async () => {
        await session!.detachDatabaseFile();
        await exportDuckdbFileIfConfigured(catalog, parsed);
      },
    });
    reportSummary(parsed, plan, run);
    return { ...run, parsed, plan, failed, cancelled: options.signal?.aborted ?? false };
  } catch (error) {
    recordCommandError(catalog, runId, error);
    throw error;
  } finally {
    session?.close();
    await unitTestEngine.close();
  }
}

/**
 * What a run publishes beside its tables (lineage, the DuckDB file for BI tools). The tables are
 * committed by then, so a failure here is a warning that says what is missing, not a failed run.
 */
async function publishAfterRun(
  parsed: ParsedProject,
  steps: Readonly<Record<string, () => Promise<unknown>>>,
): Promise<void> {
  for (const [what, publish] of Object.entries(steps)) {
    try {
      await publish();
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      parsed.reporter.report({
        kind: 'diagnostic',
        diagnostic: new LdpError(
          {
            code: 'LDP408',
            severity: 'warning',
            message: `the run's tables are committed, but ${what} could not be written: ${cause}`,
            hint: 'Run the command again to retry; `--debug` shows the full error.',
          },
          { cause: error },
        ),
      });
    }
  }
}

/**
 * Unreadable tables that no step of the plan writes. A step that writes one fails on it itself
 * (or replaces it, with --full-refresh) before its dependents start.
 */
function notRebuilt(
  errors: ReadonlyMap<string, LdpError>,
  plan: ExecutionPlan,
): ReadonlyMap<string, LdpError> {
  const remaining = new Map(errors);
  for (const { common } of plan.steps) {
    const relation = common.relation;
    if (!relation) continue;
    remaining.delete(relationKeyOf(relation));
  }
  return remaining;
}

function commandArgs(command: ExecuteCommand, options: ExecuteOptions): Record<string, unknown> {
  return {
    command,
    ...(options.select ? { select: options.select } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.selector ? { selector: options.selector } : {}),
    ...(options.fullRefresh ? { full_refresh: true } : {}),
    ...(options.failFast ? { fail_fast: true } : {}),
    ...(options.vars ? { vars: options.vars } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.dryRun ? { dry_run: true } : {}),
  };
}
