import { join } from 'node:path';
import type { ExecuteResult } from '../../../src/api/index.js';
import { openCatalog } from '../../../src/catalog/index.js';
import { LdpError, LdpErrors } from '../../../src/errors/index.js';
import type { StepResult } from '../../../src/model/run-result.js';
import { tempProject } from '../../support/temp-project.js';

/** A temp project named `shop` whose models are tables unless they say otherwise. */
export function unitTestProject(files: Record<string, string>): string {
  return tempProject({
    'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    ...files,
  });
}

/** The result of the unit test `name` (of any model). */
export function unitResult(result: ExecuteResult, name: string): StepResult {
  const found = result.results.find(
    (r) => r.uniqueId.startsWith('unit_test.') && r.uniqueId.endsWith(`.${name}`),
  );
  if (!found)
    throw new Error(`no result for unit test ${name}: ${result.results.map((r) => r.uniqueId).join(', ')}`);
  return found;
}

/** The user errors a command threw (parse and compile collect them), in file order. */
export async function errorsOf(promise: Promise<unknown>): Promise<LdpError[]> {
  try {
    await promise;
  } catch (error) {
    const errors =
      error instanceof LdpErrors ? [...error.errors] : error instanceof LdpError ? [error] : undefined;
    if (!errors) throw error;
    return errors.sort((a, b) => (a.span?.line ?? 0) - (b.span?.line ?? 0));
  }
  throw new Error('expected the command to fail');
}

/** Every table the project's warehouse catalog lists, as `namespace.name`. */
export function warehouseTables(root: string): string[] {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return catalog.listAllTables().map((t) => `${t.identifier.namespace.join('.')}.${t.identifier.name}`);
  } finally {
    catalog.close();
  }
}

/** The catalog's record of a node in the last run of the project. */
export function catalogResult(root: string, runId: string, uniqueId: string) {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return catalog.runResults(runId).find((r) => r.uniqueId === uniqueId);
  } finally {
    catalog.close();
  }
}

/** The status of each node of a result by name (unit tests as `model::name`). */
export function statusByName(result: ExecuteResult): Record<string, string> {
  return Object.fromEntries(
    result.results.map((r) => {
      const node = result.parsed.manifest.nodes.get(r.uniqueId)!;
      return [node.resourceType === 'unit_test' ? `${node.model}::${node.name}` : node.name, r.status];
    }),
  );
}
