import type { WarehouseReads } from '../../adapters/duckdb/attach/attach-plan.js';
import { namesIn } from '../../adapters/duckdb/attach/names-in.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { Relation } from '../../model/node.js';
import type { ProjectConfig } from '../../model/project.js';
import { relationKeyOf } from '../../model/warehouse-state.js';

/**
 * What a command's DuckDB session must make queryable: every relation name in the SQL its steps,
 * their hooks and the project's hooks run, the tables of incremental models and snapshots, and
 * the relations unit tests stand in for (they run on fixtures, apart, but take their columns).
 * The plan's `view` steps create their views before any step that reads them starts, so those
 * are attached only when a stored view read by the command, or an `on-run-start` hook, reads them.
 * A node that reads the warehouse while it renders has no SQL yet: what its statements and its
 * final SQL name is attached as it runs (`attachNamedIn`), except what the plan's steps write.
 */
export function warehouseReadsOf(
  plan: ExecutionPlan,
  config: ProjectConfig,
  storedSqlOf: (relation: Relation) => string | undefined,
): WarehouseReads {
  const names = new Set<string>();
  const add = (sql: string) => {
    for (const name of namesIn(sql)) names.add(name);
  };
  for (const step of plan.steps) {
    if (step.kind === 'unit-test') {
      // Fixtures stand in for the inputs, but their columns are read from the stored relations.
      for (const input of step.test.inputs) names.add(input.upstream.identifier.toLowerCase());
      continue;
    }
    if ('sql' in step) add(step.sql);
    for (const hook of [...step.common.preHooks, ...step.common.postHooks]) add(hook);
    // An incremental merge or a snapshot may read its own table by name in SQL ldp writes.
    const readsItself = step.kind === 'incremental' || step.kind === 'snapshot';
    if (readsItself && step.common.relation) names.add(step.common.relation.identifier.toLowerCase());
  }
  for (const hook of config.onRunEnd) add(hook);
  const beforeAnyStep = new Set(config.onRunStart.flatMap((hook) => [...namesIn(hook)]));
  for (const name of beforeAnyStep) names.add(name);
  const unchanged = unchangedViews(plan, storedSqlOf);
  const createdFirst = new Set<string>();
  const written = new Set<string>();
  for (const { kind, common } of plan.steps) {
    if (!common.relation) continue;
    const key = relationKeyOf(common.relation);
    written.add(key);
    if (unchanged.has(key)) names.add(common.relation.identifier.toLowerCase());
    else if (kind === 'view' && !beforeAnyStep.has(common.relation.identifier.toLowerCase()))
      createdFirst.add(key);
  }
  return { names, createdFirst, written, unchanged };
}

/**
 * The plan's `view` steps whose SQL is the stored view's, and above which the plan only has
 * such views (and tests, which change no relation): nothing this command does can change what
 * they read, so the session creates them up front from the catalog, each binding only its own
 * SQL, and their steps keep them (`attach/README.md`).
 */
function unchangedViews(
  plan: ExecutionPlan,
  storedSqlOf: (relation: Relation) => string | undefined,
): Set<string> {
  const kinds = new Map(plan.steps.map((step) => [step.common.uniqueId, step]));
  const unchanged = new Set<string>();
  const unchangedIds = new Set<string>();
  // Steps come after the steps they depend on.
  for (const step of plan.steps) {
    if (step.kind !== 'view' || !step.common.relation) continue;
    const key = relationKeyOf(step.common.relation);
    // The view step stores its SQL without trailing blanks (and `;`, which DuckDB decides):
    // SQL that had anything else stripped is not compared, and bound again.
    if (storedSqlOf(step.common.relation) !== step.sql.trimEnd()) continue;
    const above = plan.dependsOn.get(step.common.uniqueId) ?? [];
    const kindOf = (id: string) => kinds.get(id)?.kind;
    if (!above.every((id) => unchangedIds.has(id) || kindOf(id) === 'test' || kindOf(id) === 'unit-test'))
      continue;
    unchanged.add(key);
    unchangedIds.add(step.common.uniqueId);
  }
  return unchanged;
}
