import type { BigQueryConnection } from '../../adapters/bigquery/client.js';
import type { BigQueryJobRunner } from '../../adapters/bigquery/job-runner.js';
import type { SeedColumns } from '../../adapters/bigquery/run/seed-step.js';
import { seedQuery } from '../../adapters/duckdb/materialize/load-seed.js';
import { DuckDbPool } from '../../adapters/duckdb/pool.js';
import { compileProjectHooks } from '../../compile/compile-hooks.js';
import { LdpError } from '../../errors/index.js';
import { executePlan } from '../../execute/execute-plan.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { Relation } from '../../model/node.js';
import type { RunResult } from '../../model/run-result.js';
import { relationKeyOf, type WarehouseRelation, type WarehouseState } from '../../model/warehouse-state.js';
import { planRun } from '../../plan/plan-run.js';
import { projectScope, renderHooks } from '../compile/render-hooks.js';
import type { RelationColumns } from '../record/lineage-columns.js';
import { recordRemoteLineage } from '../record/record-lineage.js';
import { recordCommandError, recordCommandStart, recordRun } from '../record/record-run.js';
import type { ParsedProject } from '../session/parse.js';
import { openLocalCatalog } from '../warehouse/lakehouse.js';
import { lockWarehouse } from '../warehouse/lock-warehouse.js';
import type { ExecuteCommand, ExecuteOptions, ExecuteResult } from './execute-command.js';
import { reportHeader, reportSummary } from './run-report.js';
import { stepLabel } from './step-labels.js';

interface Remote {
  readonly connection: BigQueryConnection;
  readonly runner: BigQueryJobRunner;
}

/**
 * A building command on a `type: bigquery` target: the same plan as a local run (whether a
 * table exists comes from BigQuery's `tables.get`), each step run as BigQuery jobs up to
 * `threads` at once; results, run records and table lineage kept in the local catalog and
 * `target/`, as for local runs. With `dryRun`, every step is a free dry-run job instead.
 */
export async function executeOnBigQuery(
  command: ExecuteCommand,
  options: ExecuteOptions & { readonly dryRun?: boolean },
  parsed: ParsedProject,
  selected: readonly string[],
  compiled: ReadonlyMap<string, CompiledNode>,
  args: Record<string, unknown>,
): Promise<ExecuteResult> {
  const remote = await connect(parsed);
  const { readBigQueryState } = await import('../../adapters/bigquery/run/remote-state.js');
  // Unit tests take their inputs' columns (and so their fixtures' types) from BigQuery too.
  const inputs = [...compiled.values()].flatMap((c) => c.unitTest?.inputs.map((i) => i.upstream) ?? []);
  const state = await readBigQueryState(remote.connection, [...relationsOf(parsed, selected), ...inputs]);
  const plan = planRun({
    manifest: parsed.manifest,
    compiled,
    selected,
    warehouse: state,
    fullRefresh: options.fullRefresh ?? false,
    projectRoot: parsed.project.root,
    hooks: renderHooks(parsed, selected),
    testsBlockDownstream: command === 'build',
  });
  if (options.dryRun) return dryRun(command, options, parsed, plan, remote);
  const clock = options.clock ?? (() => new Date());
  const catalog = openLocalCatalog(parsed.project.target, clock);
  const seeds = new SeedReader();
  try {
    await lockWarehouse(catalog, {
      owner: `ldp ${command} (project ${parsed.project.config.name})`,
      waitMs: options.lockWaitMs ?? 60_000,
      reporter: parsed.reporter,
    });
    const runId = parsed.invocationId;
    const startedAt = clock();
    recordCommandStart(catalog, parsed, command, args, startedAt);
    reportHeader(parsed, plan, parsed.project.target.threads);
    try {
      await ensureDatasets(remote.connection, plan);
      await runProjectHooks(remote, parsed, plan, 'on-run-start');
      const { bigQueryStepRunner } = await import('../../adapters/bigquery/run/step-executor.js');
      const runStep = bigQueryStepRunner({
        ...remote,
        manifest: parsed.manifest,
        state,
        seedColumns: seeds.columns,
      });
      const executed = await executePlan({
        plan,
        threads: parsed.project.target.threads,
        failFast: options.failFast ?? false,
        runStep: (step, context) => runStep(step, context.signal),
        label: stepLabel,
        reporter: parsed.reporter,
        clock,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!executed.interrupted) await runProjectHooks(remote, parsed, plan, 'on-run-end');
      const run: RunResult = { runId, command, startedAt, completedAt: clock(), ...executed };
      const failed = run.results.some((r) => r.status === 'error' || r.status === 'fail');
      recordRun(catalog, parsed, plan, run, args, failed);
      await recordLineageOrWarn(parsed, async () => {
        const after = await withSourceTables(
          remote.connection,
          parsed,
          await readBigQueryState(remote.connection, relationsOf(parsed, [...parsed.manifest.nodes.keys()])),
        );
        await recordRemoteLineage(
          catalog,
          parsed,
          plan,
          run,
          { warehouse: after, columns: columnsById(parsed, after) },
          options,
        );
      });
      reportSummary(parsed, plan, run);
      return { ...run, parsed, plan, failed, cancelled: options.signal?.aborted ?? false };
    } catch (error) {
      recordCommandError(catalog, runId, error);
      throw error;
    }
  } finally {
    await seeds.close();
    catalog.close();
  }
}

async function connect(parsed: ParsedProject): Promise<Remote> {
  const { openBigQuery } = await import('../../adapters/bigquery/client.js');
  const { bigQueryConnectionOptions } = await import('../../adapters/bigquery/connection-options.js');
  const { BigQueryJobRunner } = await import('../../adapters/bigquery/job-runner.js');
  const connection = openBigQuery(bigQueryConnectionOptions(parsed.project.target));
  return { connection, runner: new BigQueryJobRunner(connection) };
}

/** The relations the selected nodes write (ephemeral models and tests write none). */
function relationsOf(parsed: ParsedProject, ids: readonly string[]): Relation[] {
  const relations: Relation[] = [];
  for (const id of ids) {
    const node = parsed.manifest.nodes.get(id);
    if (!node) continue;
    if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') continue;
    if (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot')
      relations.push(node.relation);
  }
  return relations;
}

/**
 * The datasets the plan writes, created when missing in the target's location (dbt creates
 * the schemas it builds in the same way).
 */
async function ensureDatasets(connection: BigQueryConnection, plan: ExecutionPlan): Promise<void> {
  const { faultOf, jobFailed } = await import('../../adapters/bigquery/bigquery-errors.js');
  const wanted = new Map<string, { project: string; dataset: string }>();
  for (const { common } of plan.steps) {
    const r = common.relation;
    if (!r) continue;
    const project = r.database || connection.options.project;
    wanted.set(`${project}:${r.schema}`, { project, dataset: r.schema });
  }
  for (const { project, dataset } of wanted.values()) {
    const handle = connection.client.dataset(dataset, { projectId: project });
    try {
      const [exists] = await handle.exists();
      if (!exists)
        await handle.create(connection.options.location ? { location: connection.options.location } : {});
    } catch (error) {
      const fault = faultOf(error);
      if (fault.reason === 'duplicate') continue;
      throw jobFailed(fault, undefined, connection.redact);
    }
  }
}

/** `on-run-start` / `on-run-end`, each statement a query job. */
async function runProjectHooks(
  remote: Remote,
  parsed: ParsedProject,
  plan: ExecutionPlan,
  kind: 'on-run-start' | 'on-run-end',
): Promise<void> {
  const texts = kind === 'on-run-start' ? parsed.project.config.onRunStart : parsed.project.config.onRunEnd;
  if (texts.length === 0) return;
  const schemas = [
    ...new Set(plan.steps.flatMap((s) => (s.common.relation ? [s.common.relation.schema] : []))),
  ].sort();
  const hooks = compileProjectHooks(texts, kind, projectScope(parsed), parsed.project.configFile, {
    schemas,
  });
  for (const [i, sql] of hooks.entries()) {
    if (sql.trim() === '') continue;
    try {
      await remote.runner.query(sql);
    } catch (error) {
      throw new LdpError(
        {
          code: 'LDP889',
          message: `${kind} hook ${i + 1} failed on BigQuery: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          span: parsed.project.config.spans[kind] ?? { file: parsed.project.configFile, line: 1, col: 1 },
          hint: 'Fix the hook in the project file; on a BigQuery target it runs as a query job.',
        },
        { cause: error },
      );
    }
  }
}

/** `--dry-run`: one free dry-run job per step, the bytes each would process, and the total. */
async function dryRun(
  command: ExecuteCommand,
  options: ExecuteOptions,
  parsed: ParsedProject,
  plan: ExecutionPlan,
  remote: Remote,
): Promise<ExecuteResult> {
  const clock = options.clock ?? (() => new Date());
  const { bigQueryDryRunner } = await import('../../adapters/bigquery/run/dry-run-step.js');
  const { formatBytes } = await import('../../adapters/bigquery/run/adapter-response.js');
  const estimate = bigQueryDryRunner(remote.runner);
  reportHeader(parsed, plan, parsed.project.target.threads);
  const startedAt = clock();
  const executed = await executePlan({
    threads: parsed.project.target.threads,
    failFast: options.failFast ?? false,
    // Nothing is built, so a node is estimated whatever its parents' estimates were.
    plan: { steps: plan.steps, dependsOn: new Map() },
    runStep: (step) => estimate(step),
    label: stepLabel,
    reporter: parsed.reporter,
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const run: RunResult = {
    runId: parsed.invocationId,
    command,
    startedAt,
    completedAt: clock(),
    ...executed,
  };
  const total = run.results.reduce((sum, r) => sum + Number(r.adapterResponse?.['bytes_processed'] ?? 0), 0);
  const unknown = run.results.filter((r) => r.status === 'warn').length;
  parsed.reporter.report({
    kind: 'info',
    message: `Dry run: ${plan.steps.length} node${plan.steps.length === 1 ? '' : 's'} would process ${formatBytes(total)} (${total} bytes) in total${unknown > 0 ? `; ${unknown} could not be estimated` : ''}. Nothing was run, billed or written.`,
  });
  reportSummary(parsed, plan, run);
  const failed = run.results.some((r) => r.status === 'error' || r.status === 'fail');
  return { ...run, parsed, plan, failed, cancelled: options.signal?.aborted ?? false };
}

/**
 * `state` with the project's source tables as BigQuery holds them (`tables.get`, free), so their
 * columns feed column lineage. A source the target cannot read (missing, or no permission) is
 * left out: lineage through it is then untraced, and the run that read it reported its own error.
 */
async function withSourceTables(
  connection: BigQueryConnection,
  parsed: ParsedProject,
  state: WarehouseState,
): Promise<WarehouseState> {
  const { readRemoteRelation } = await import('../../adapters/bigquery/run/remote-state.js');
  const relations = new Map<string, WarehouseRelation>(state.relations);
  await Promise.all(
    [...parsed.manifest.nodes.values()].map(async (node) => {
      if (node.resourceType !== 'source') return;
      const key = relationKeyOf(node.relation);
      if (relations.has(key)) return;
      const stored = await readRemoteRelation(connection, node.relation).catch(() => undefined);
      if (stored) relations.set(key, stored);
    }),
  );
  return { relations };
}

/**
 * The stored columns of every node BigQuery has a table or view for; a source's are the
 * engine's own description of it, so they feed column lineage as a local source's do.
 */
function columnsById(
  parsed: ParsedProject,
  state: Awaited<ReturnType<typeof import('../../adapters/bigquery/run/remote-state.js').readBigQueryState>>,
): Map<string, RelationColumns> {
  const columns = new Map<string, RelationColumns>();
  for (const node of parsed.manifest.nodes.values()) {
    if (!('relation' in node)) continue;
    const stored = state.relations.get(relationKeyOf(node.relation));
    if (!stored) continue;
    columns.set(node.uniqueId, {
      from: node.resourceType === 'source' ? 'engine' : 'warehouse',
      columns: stored.columns,
    });
  }
  return columns;
}

async function recordLineageOrWarn(parsed: ParsedProject, record: () => Promise<void>): Promise<void> {
  try {
    await record();
  } catch (error) {
    parsed.reporter.report({
      kind: 'diagnostic',
      diagnostic: new LdpError(
        {
          code: 'LDP408',
          severity: 'warning',
          message: `the run's tables are committed, but lineage could not be written: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'Run the command again to retry; `--debug` shows the full error.',
        },
        { cause: error },
      ),
    });
  }
}

/** Reads seed CSVs with the local engine, once opened, to infer their columns' types. */
class SeedReader {
  private pool: Promise<DuckDbPool> | undefined;

  readonly columns: SeedColumns = async (step) => {
    this.pool ??= DuckDbPool.create({ threads: 1, connections: 1, settings: {} });
    const pool = await this.pool;
    return pool.withConnection(async (conn) => {
      const sql = seedQuery(step.csvPath, step.csv.delimiter ? { delimiter: step.csv.delimiter } : {});
      const reader = await conn.runAndReadAll(`DESCRIBE ${sql}`).catch((error: unknown) => {
        throw new LdpError(
          {
            code: 'LDP413',
            message: `seed '${step.common.name}': ${step.csvFile} cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
            span: { file: step.csvFile, line: 1, col: 1 },
            hint: 'Check that the file exists and is a CSV with a header row.',
          },
          { cause: error },
        );
      });
      return reader.getRowObjectsJson().map((row) => ({
        name: String(row['column_name']),
        inferredType: String(row['column_type']),
      }));
    });
  };

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
  }
}
