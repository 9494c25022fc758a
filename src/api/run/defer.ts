import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { WarehouseCatalogPort } from '../../model/iceberg-catalog-port.js';
import type { SelectionOptions } from '../session/options.js';
import type { ParsedProject } from '../session/parse.js';
import { readStateManifest } from '../session/state-manifest.js';

import { attachDeferred, deferredRelations } from './deferred-relations.js';

/** `--defer` and `--favor-state` need the state to defer to (`LDP167`), before anything is parsed. */
/** With `--defer`, points this session's names of unbuilt parents at the state's relations. */
export function deferToState(
  session: LakehouseSession,
  parsed: ParsedProject,
  plan: ExecutionPlan,
  catalog: SqliteCatalog,
  options: SelectionOptions,
): Promise<void> {
  return deferParentsOf(session, parsed, new Set(plan.steps.map((s) => s.common.uniqueId)), catalog, options);
}

/**
 * With `--defer`, the parents of `selected` that this warehouse lacks (all of them, with
 * `--favor-state`) read from the state's relations in this session, under this project's names.
 */
export async function deferParentsOf(
  session: LakehouseSession,
  parsed: ParsedProject,
  selected: ReadonlySet<string>,
  catalog: WarehouseCatalogPort,
  options: SelectionOptions,
): Promise<void> {
  if (!options.defer || !options.state) return;
  const manifest = readStateManifest(options.state);
  const deferred = deferredRelations(parsed, selected, manifest, catalog, options.favorState ?? false);
  await attachDeferred(session, parsed, { manifest, dir: options.state }, deferred);
  if (deferred.length > 0)
    parsed.reporter.report({
      kind: 'info',
      message: `Deferred ${deferred.length} relation${deferred.length === 1 ? '' : 's'} to ${options.state}: ${deferred.map((d) => d.uniqueId.split('.').at(-1)).join(', ')}`,
    });
}
