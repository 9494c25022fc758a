import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import { maxLoadedAt } from '../../adapters/duckdb/loaded-at.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import { LdpError } from '../../errors/index.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { FreshnessResult, FreshnessStep } from '../../model/freshness.js';
import { microsOf } from '../../model/freshness-status.js';
import type { SourceNode } from '../../model/node.js';
import { sourceTableName } from '../../model/source-name.js';
import { planFreshness } from '../../plan/plan-freshness.js';
import { checkFreshnessOnBigQuery } from '../freshness/bigquery-freshness.js';
import { checkFreshness } from '../freshness/check-freshness.js';
import { nodeStatusOf, recordFreshness, writeSourcesJson } from '../freshness/record-freshness.js';
import { recordCommandError, recordCommandStart } from '../record/record-run.js';
import { reportDone } from '../run/run-report.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import type { ProjectOptions, SelectionOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import { selectForCommand } from '../session/select.js';
import { openLocalCatalog, openSession, openWarehouseCatalog } from '../warehouse/lakehouse.js';

export interface SourceFreshnessOptions extends ProjectOptions, SelectionOptions {
  /** Where to write the results instead of `target/sources.json` (relative to the project). */
  readonly output?: string;
}

export interface SourceFreshnessResult {
  readonly parsed: ParsedProject;
  /** One result per checked source table, in the order the checks finished. */
  readonly results: readonly FreshnessResult[];
  /** The `sources.json` written. */
  readonly path: string;
  /** True when a source is past `error_after` or its check failed (the CLI exits with 1). */
  readonly failed: boolean;
}

/**
 * `ldp source freshness`: for each selected source table with a freshness rule and a
 * `loaded_at_field` (or `loaded_at_query`), DuckDB computes its latest load time over the
 * source's data, and its age (up to the injectable clock's now) is compared with `warn_after` and
 * `error_after`. On a BigQuery target each check is a query job (or the table's metadata) and
 * the age is measured up to BigQuery's `current_timestamp()`. Results go to the reporter, `target/sources.json` and the catalog's run tables.
 */
export async function sourceFreshness(options: SourceFreshnessOptions): Promise<SourceFreshnessResult> {
  const clock = options.clock ?? (() => new Date());
  const parsed = await parse(options);
  // BigQuery keeps each table's last modification time: a rule alone can be checked there.
  const onBigQuery = parsed.project.target.type === 'bigquery';
  const plan = planFreshness(selectedSources(parsed, options, onBigQuery), { fromMetadata: onBigQuery });
  const sources = plan.steps.map((step) => step.source);
  // A BigQuery target's results are recorded in the local catalog beside the project, as its runs are.
  const catalog = onBigQuery
    ? openLocalCatalog(parsed.project.target, clock)
    : openWarehouseCatalog(parsed.project.target, clock);
  try {
    const startedAt = clock();
    recordCommandStart(catalog, parsed, 'source freshness', commandArgs(options), startedAt);
    const results = await checkInSession(catalog, parsed, plan, clock).catch((error: unknown) => {
      recordCommandError(catalog, parsed.invocationId, error);
      throw error;
    });
    const finishedAt = clock();
    recordFreshness(
      catalog,
      parsed.invocationId,
      new Map(sources.map((s) => [s.uniqueId, s])),
      results,
      finishedAt,
    );
    const path = writeSourcesJson(parsed, results, startedAt, finishedAt, options.output);
    reportSummary(parsed, results, startedAt, finishedAt);
    return { parsed, results, path, failed: results.some((r) => nodeStatusOf(r) === 'error') };
  } finally {
    catalog.close();
  }
}

/** The selected sources; those with a rule but no load time to measure are named. */
function selectedSources(
  parsed: ParsedProject,
  options: SelectionOptions,
  fromMetadata: boolean,
): SourceNode[] {
  const selected = selectForCommand(parsed, options, ['source']);
  const sources = selected.flatMap((id) => {
    const node = parsed.manifest.nodes.get(id);
    return node?.resourceType === 'source' ? [node] : [];
  });
  for (const source of sources) {
    if (fromMetadata) break;
    if (source.freshness && source.loadedAtField === undefined && source.loadedAtQuery === undefined)
      parsed.reporter.report({
        kind: 'info',
        message: `warning: source ${sourceTableName(source)} has a freshness rule but no loaded_at_field or loaded_at_query; it is not checked`,
      });
  }
  return sources;
}

async function checkInSession(
  catalog: SqliteCatalog,
  parsed: ParsedProject,
  plan: ExecutionPlan<FreshnessStep>,
  clock: () => Date,
): Promise<FreshnessResult[]> {
  const threads = parsed.project.target.threads;
  reportHeader(parsed, plan.steps.length, threads);
  if (plan.steps.length === 0) return [];
  if (parsed.project.target.type === 'bigquery')
    return checkFreshnessOnBigQuery(parsed, plan, { threads, reporter: parsed.reporter, clock });
  const session = await openSession(catalog, parsed.project.target);
  try {
    const attachErrors = await attachSources(session, parsed, plan.steps);
    const measure = (source: SourceNode) =>
      session.pool.withConnection(async (conn) => ({
        loadedAt: await maxLoadedAt(conn, source),
        snapshottedAt: microsOf(clock()),
      }));
    return await checkFreshness(plan, { measure, threads, reporter: parsed.reporter, clock, attachErrors });
  } finally {
    session.close();
  }
}

/**
 * Makes each checked source queryable; one whose files cannot be read becomes a failed check
 * (its error, by source id), not a crash.
 */
async function attachSources(
  session: LakehouseSession,
  parsed: ParsedProject,
  steps: readonly FreshnessStep[],
): Promise<Map<string, LdpError>> {
  const errors = new Map<string, LdpError>();
  for (const { source } of steps) {
    try {
      await session.attachSources([source], parsed.project.root);
    } catch (error) {
      if (!(error instanceof LdpError)) throw error;
      errors.set(source.uniqueId, error);
    }
  }
  return errors;
}

function reportHeader(parsed: ParsedProject, total: number, threads: number): void {
  const report = (message: string) => parsed.reporter.report({ kind: 'info', message });
  report(`Running with ldp=${LDP_VERSION}`);
  report(
    `Concurrency: ${threads} thread${threads === 1 ? '' : 's'} (target='${parsed.project.target.name}')`,
  );
  parsed.reporter.report({
    kind: 'header',
    command: 'source freshness',
    message:
      total === 0
        ? 'Nothing to do: no selected source has a freshness rule with a loaded_at_field or loaded_at_query.'
        : '',
    total,
  });
}

function reportSummary(
  parsed: ParsedProject,
  results: readonly FreshnessResult[],
  startedAt: Date,
  finishedAt: Date,
): void {
  const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const counts = {
    PASS: count('pass'),
    WARN: count('warn'),
    ERROR: count('error', 'runtime error'),
    TOTAL: results.length,
  };
  parsed.reporter.report({
    kind: 'info',
    message: `Finished running ${results.length} source${results.length === 1 ? '' : 's'} in ${seconds.toFixed(2)}s.`,
  });
  reportDone(parsed, counts, seconds * 1000);
}

function commandArgs(options: SourceFreshnessOptions): Record<string, unknown> {
  return {
    command: 'source freshness',
    ...(options.select ? { select: options.select } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.selector ? { selector: options.selector } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(options.target ? { target: options.target } : {}),
  };
}
