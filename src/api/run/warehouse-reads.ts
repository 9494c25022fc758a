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
  // Who names each name: a step's unique id, or '' for what runs outside any step.
  const namedBy = new Map<string, Set<string>>();
  const add = (by: string, found: Iterable<string>) => {
    for (const name of found) {
      names.add(name);
      namedBy.set(name, (namedBy.get(name) ?? new Set()).add(by));
    }
  };
  for (const step of plan.steps) {
    const id = step.common.uniqueId;
    if (step.kind === 'unit-test') {
      // Fixtures stand in for the inputs, but their columns are read from the stored relations.
      add(
        '',
        step.test.inputs.map((input) => input.upstream.identifier.toLowerCase()),
      );
      continue;
    }
    if ('sql' in step) add(id, namesIn(step.sql));
    for (const hook of [...step.common.preHooks, ...step.common.postHooks]) add(id, namesIn(hook));
    // An incremental merge or a snapshot may read its own table by name in SQL ldp writes.
    const readsItself = step.kind === 'incremental' || step.kind === 'snapshot';
    if (readsItself && step.common.relation) add(id, [step.common.relation.identifier.toLowerCase()]);
  }
  for (const hook of config.onRunEnd) add('', namesIn(hook));
  const beforeAnyStep = new Set(config.onRunStart.flatMap((hook) => [...namesIn(hook)]));
  add('', beforeAnyStep);
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
  return { names, createdFirst, written, unchanged, shownByWriter: shownByWriter(plan, namedBy) };
}

/**
 * Tables a `table` step rebuilds whose every reader in the command waits for that step: the step
 * shows the new table when it commits, before any of them starts, so attaching the old one up
 * front (a view over its files, bound by DuckDB) would only be replaced unread. A table named by
 * a hook of the project, a unit test, its own step or a step that does not wait for its writer is
 * attached as before; a stored view that reads it still brings it in.
 */
function shownByWriter(plan: ExecutionPlan, namedBy: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const waitsFor = waitsForIn(plan);
  const shown = new Set<string>();
  for (const { kind, common } of plan.steps) {
    if (kind !== 'table' || !common.relation) continue;
    const readers = namedBy.get(common.relation.identifier.toLowerCase()) ?? new Set<string>();
    const writer = common.uniqueId;
    if ([...readers].every((reader) => reader !== '' && reader !== writer && waitsFor(reader, writer)))
      shown.add(relationKeyOf(common.relation));
  }
  return shown;
}

/** Whether a step waits, directly or through other steps, for another (`plan.dependsOn`). */
function waitsForIn(plan: ExecutionPlan): (step: string, upstream: string) => boolean {
  return (step, upstream) => {
    const seen = new Set<string>();
    const stack = [step];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      for (const above of plan.dependsOn.get(id) ?? []) {
        if (above === upstream) return true;
        if (!seen.has(above)) {
          seen.add(above);
          stack.push(above);
        }
      }
    }
    return false;
  };
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
