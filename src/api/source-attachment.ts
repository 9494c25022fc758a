import type { LakehouseSession } from '../adapters/duckdb/lakehouse-session.js';
import { LdpError } from '../errors/index.js';
import type { ExecutionPlan } from '../model/execution-plan.js';
import type { Manifest } from '../model/manifest.js';
import type { SourceNode } from '../model/node.js';
import type { ParsedProject } from './parse.js';

/**
 * Attaches the sources the planned steps read (directly or through ephemeral models) as DuckDB
 * views. A source whose files cannot be read does not stop the run: its error is returned, and
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

/** The sources `ids` read: their source parents, and those of the ephemeral models they inline. */
export function sourcesRead(manifest: Manifest, ids: readonly string[]): SourceNode[] {
  const found = new Map<string, SourceNode>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const parentId of manifest.parentMap.get(id) ?? []) {
      if (seen.has(parentId)) continue;
      seen.add(parentId);
      const parent = manifest.nodes.get(parentId);
      if (parent?.resourceType === 'source') found.set(parentId, parent);
      else if (parent?.resourceType === 'model' && parent.config.materialized === 'ephemeral')
        visit(parentId);
    }
  };
  ids.forEach(visit);
  return [...found.values()].sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1));
}
