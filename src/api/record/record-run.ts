import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runResultsJson, type StepFacts } from '../../artifacts/run-results-json.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import type { ExecutionPlan, PlannedStep } from '../../model/execution-plan.js';
import type { RunResult } from '../../model/run-result.js';
import { qualifiedRelationName } from '../../sql/index.js';
import { targetDir } from '../session/artifacts.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import type { ParsedProject } from '../session/parse.js';

/** Records that a command started (its row in the run tables), with what it was asked to do. */
export function recordCommandStart(
  catalog: SqliteCatalog,
  parsed: ParsedProject,
  command: string,
  args: Readonly<Record<string, unknown>>,
  startedAt: Date,
): void {
  catalog.recordRunStart({
    runId: parsed.invocationId,
    command,
    ldpVersion: LDP_VERSION,
    target: parsed.project.target.name,
    projectName: parsed.project.config.name,
    args,
    startedAt: startedAt.toISOString(),
  });
}

/** Records that a command stopped on an error of its own (a node's failure is a result instead). */
export function recordCommandError(catalog: SqliteCatalog, runId: string, error: unknown): void {
  catalog.recordRunEnd(runId, {
    status: 'error',
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * Records a finished run: one row per step in the catalog's run tables (in one transaction),
 * the run's end, and `target/run_results.json` (written to a temporary name, then renamed).
 */
export function recordRun(
  catalog: SqliteCatalog,
  parsed: ParsedProject,
  plan: ExecutionPlan,
  run: RunResult,
  args: Readonly<Record<string, unknown>>,
  failed: boolean,
): string {
  const steps = new Map(plan.steps.map((step) => [step.common.uniqueId, step]));
  catalog.db.transaction(() => {
    for (const result of run.results) {
      const step = steps.get(result.uniqueId);
      catalog.recordNodeResult(run.runId, {
        uniqueId: result.uniqueId,
        resourceType: step?.common.resourceType ?? 'model',
        name: step?.common.name ?? result.uniqueId,
        status: result.status,
        startedAt: result.startedAt.toISOString(),
        finishedAt: result.completedAt.toISOString(),
        durationMs: Math.round(result.durationMs),
        ...(result.rowsAffected !== undefined ? { rowsAffected: result.rowsAffected } : {}),
        ...(result.failures !== undefined ? { failures: result.failures } : {}),
        ...(result.message !== undefined ? { message: result.message } : {}),
        ...(step?.common.compiled ? { compiledPath: step.common.compiled.compiledPath } : {}),
        ...(step ? { sqlFingerprint: step.common.sqlFingerprint, materialization: step.kind } : {}),
        ...(step?.common.relation
          ? { namespace: namespaceOf(step), tableName: step.common.relation.identifier }
          : {}),
        ...(result.snapshotId !== undefined ? { snapshotId: result.snapshotId } : {}),
        ...(result.adapterResponse ? { details: result.adapterResponse } : {}),
      });
    }
    catalog.recordRunEnd(run.runId, {
      status: run.interrupted ? 'interrupted' : failed ? 'error' : 'success',
      finishedAt: run.completedAt.toISOString(),
    });
  })();
  return writeRunResults(parsed, run, steps, args);
}

function writeRunResults(
  parsed: ParsedProject,
  run: RunResult,
  steps: ReadonlyMap<string, PlannedStep>,
  args: Readonly<Record<string, unknown>>,
): string {
  const factsOf = (id: string): StepFacts => {
    const step = steps.get(id);
    if (!step) return {};
    return {
      ...(step.common.compiled ? { compiledPath: step.common.compiled.compiledPath } : {}),
      ...('sql' in step ? { compiledCode: step.sql } : {}),
      ...(step.common.relation
        ? { relationName: qualifiedRelationName(step.common.relation, parsed.project.target.database) }
        : {}),
    };
  };
  const json = runResultsJson(
    run,
    {
      ldpVersion: LDP_VERSION,
      generatedAt: run.completedAt.toISOString(),
      invocationId: parsed.invocationId,
      targetName: parsed.project.target.name,
    },
    factsOf,
    args,
  );
  const dir = targetDir(parsed);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'run_results.json');
  writeFileSync(`${path}.tmp`, JSON.stringify(json, null, 2));
  renameSync(`${path}.tmp`, path);
  return path;
}

function namespaceOf(step: PlannedStep): string {
  const relation = step.common.relation!;
  return relation.database ? `${relation.database}.${relation.schema}` : relation.schema;
}
