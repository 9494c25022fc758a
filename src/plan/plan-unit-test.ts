import { createHash } from 'node:crypto';
import { LdpError } from '../errors/index.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { PlannedStep } from '../model/execution-plan.js';
import type { Relation, UnitTestNode } from '../model/node.js';
import type { FixtureColumn } from '../model/unit-test.js';
import { relationKey, type WarehouseState } from '../model/warehouse-state.js';

/**
 * A unit test's step. It runs on fixtures alone; the warehouse only lends the column names and
 * types of the tables its inputs stand for (declared `data_type`s win), read from the catalog's
 * metadata before the run, never from the tables' data.
 */
export function planUnitTest(
  node: UnitTestNode,
  compiled: CompiledNode,
  warehouse: WarehouseState,
): PlannedStep {
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
    test: {
      ...test,
      inputs: test.inputs.map((input) => ({
        ...input,
        columns: withStoredColumns(input.columns, storedColumns(input.upstream, warehouse)),
      })),
    },
  };
}

/**
 * `ldp build`: a model waits for its unit tests, so a failing one skips the model and everything
 * downstream. Unit tests wait for nothing (they read fixtures), so they go first in the order.
 */
export function unitTestsFirst(
  order: readonly string[],
  steps: ReadonlyMap<string, PlannedStep>,
  dependsOn: ReadonlyMap<string, readonly string[]>,
): { order: string[]; dependsOn: Map<string, string[]> } {
  const next = new Map(order.map((id) => [id, [...(dependsOn.get(id) ?? [])]]));
  const unitTests: string[] = [];
  for (const id of order) {
    const step = steps.get(id);
    if (step?.kind !== 'unit-test') continue;
    unitTests.push(id);
    const modelDeps = next.get(step.test.modelId);
    if (modelDeps && !modelDeps.includes(id)) modelDeps.push(id);
  }
  for (const deps of next.values()) deps.sort();
  const first = new Set(unitTests);
  return { order: [...unitTests, ...order.filter((id) => !first.has(id))], dependsOn: next };
}

function storedColumns(relation: Relation, warehouse: WarehouseState) {
  const namespace = relation.database ? `${relation.database}.${relation.schema}` : relation.schema;
  return warehouse.relations.get(relationKey(namespace, relation.identifier))?.columns;
}

/** The stored table's columns in its order, typed by declarations first; then declared-only ones. */
function withStoredColumns(
  declared: readonly FixtureColumn[],
  stored: readonly { readonly name: string; readonly type: string }[] | undefined,
): FixtureColumn[] {
  if (!stored || stored.length === 0) return [...declared];
  const byName = new Map(declared.map((column) => [column.name.toLowerCase(), column]));
  const merged = stored.map((column) => {
    const own = byName.get(column.name.toLowerCase());
    return { name: own?.name ?? column.name, type: own?.type ?? column.type };
  });
  const storedNames = new Set(stored.map((column) => column.name.toLowerCase()));
  return [...merged, ...declared.filter((column) => !storedNames.has(column.name.toLowerCase()))];
}
