import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import { LdpError } from '../../errors/index.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { Manifest } from '../../model/manifest.js';
import type { ModelNode, SourceNode } from '../../model/node.js';
import type { ParsedProject } from '../session/parse.js';

/**
 * Attaches the sources the planned steps read (directly, or through the ephemeral and view
 * models the session inlines or recreates) as DuckDB views. A source whose files cannot be read does not stop the run: its error is returned, and
 * only the steps that read it fail with it.
 */
export async function attachSelectedSources(
  session: LakehouseSession,
  parsed: ParsedProject,
  plan: ExecutionPlan,
): Promise<ReadonlyMap<string, LdpError>> {
  const errors = new Map<string, LdpError>();
  const sources = sourcesRead(
    parsed.manifest,
    plan.steps.map((s) => s.common.uniqueId),
    (model) => model.config.materialized === 'ephemeral' || model.config.materialized === 'view',
  );
  for (const source of sources) {
    try {
      await session.attachSources([source], parsed.project.root);
    } catch (error) {
      if (!(error instanceof LdpError)) throw error;
      errors.set(source.uniqueId, error);
      parsed.reporter.report({ kind: 'diagnostic', diagnostic: error });
    }
  }
  return errors;
}

/**
 * The sources `ids` read: their source parents, and those of the ephemeral models they inline
 * (or of every model `readsThrough` accepts, e.g. views recreated in the session too).
 */
export function sourcesRead(
  manifest: Manifest,
  ids: readonly string[],
  readsThrough: (model: ModelNode) => boolean = (model) => model.config.materialized === 'ephemeral',
): SourceNode[] {
  const found = new Map<string, SourceNode>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const parentId of manifest.parentMap.get(id) ?? []) {
      if (seen.has(parentId)) continue;
      seen.add(parentId);
      const parent = manifest.nodes.get(parentId);
      if (parent?.resourceType === 'source') found.set(parentId, parent);
      else if (parent?.resourceType === 'model' && readsThrough(parent)) visit(parentId);
    }
  };
  ids.forEach(visit);
  return [...found.values()].sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1));
}
