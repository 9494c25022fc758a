import { createHash } from 'node:crypto';
import { LdpError } from '../errors/index.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { PlannedStep } from '../model/execution-plan.js';
import type { UnitTestNode } from '../model/node.js';
import { stableTopologicalOrder } from './stable-topological-order.js';

/**
 * A unit test's step. It runs on fixtures alone; the lakehouse only lends the column names and
 * types of the relations its inputs stand for (declared `data_type`s win), read when the test
 * runs, after the parents of its model were built, never from the relations' data.
 */
export function planUnitTest(node: UnitTestNode, compiled: CompiledNode): PlannedStep {
  const test = compiled.unitTest;
  if (!test) {
    throw new LdpError({
      code: 'LDP401',
      message: `unit test '${node.name}' was compiled without its fixtures`,
      hint: 'This is a bug in ldp; please report it.',
    });
  }
  return {
    kind: 'unit-test',
    common: {
      uniqueId: node.uniqueId,
      name: node.name,
      resourceType: 'unit_test',
      partitionBy: [],
      preHooks: [],
      postHooks: [],
      compiled,
      sqlFingerprint: createHash('sha256').update(compiled.sql).digest('hex'),
    },
    sql: compiled.sql,
    test,
  };
}

/**
 * dbt's order for unit tests: a unit test runs once the parents of the model it tests are built
 * (and, in `ldp build`, their data tests have passed), right before that model. The model waits
 * for its unit tests, so a failing one skips the model and everything downstream of it, while
 * the model's siblings and its other unit tests still run. A parent's failure skips the unit
 * test too, as dbt skips the unit tests of a model it skips. `modelUpstream` gives the steps a
 * tested model would wait for when the model itself is not in the plan.
 */
export function unitTestsBeforeTheirModel(
  order: readonly string[],
  steps: ReadonlyMap<string, PlannedStep>,
  dependsOn: ReadonlyMap<string, readonly string[]>,
  modelUpstream: (modelId: string) => readonly string[],
): { order: string[]; dependsOn: Map<string, string[]> } {
  const next = new Map(order.map((id) => [id, [...(dependsOn.get(id) ?? [])]]));
  const unitTestsOf = new Map<string, string[]>();
  for (const id of order) {
    const step = steps.get(id);
    if (step?.kind !== 'unit-test') continue;
    const modelId = step.test.modelId;
    const waitsFor = next.has(modelId) ? (dependsOn.get(modelId) ?? []) : modelUpstream(modelId);
    next.set(id, waitsFor.filter((parent) => steps.get(parent)?.kind !== 'unit-test').sort());
    unitTestsOf.set(modelId, [...(unitTestsOf.get(modelId) ?? []), id]);
  }
  for (const [modelId, unitTests] of unitTestsOf) {
    const modelDeps = next.get(modelId);
    if (modelDeps) next.set(modelId, [...new Set([...modelDeps, ...unitTests])].sort());
  }
  // Each model's unit tests just before it, so ties in the stable order keep them together;
  // those of a model outside the plan keep their place.
  const beforeModel = new Set(
    [...unitTestsOf].filter(([modelId]) => next.has(modelId)).flatMap(([, ids]) => ids),
  );
  const preferred = order.flatMap((id) =>
    beforeModel.has(id) ? [] : [...(unitTestsOf.get(id) ?? []).filter((u) => beforeModel.has(u)), id],
  );
  return { order: stableTopologicalOrder(preferred, next), dependsOn: next };
}
