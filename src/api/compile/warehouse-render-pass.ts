import type { CompiledGraph } from '../../compile/compile-graph.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { ParsedProject } from '../session/parse.js';
import { openEmptyCatalog, openWarehouseCatalogForReading } from '../warehouse/lakehouse.js';
import { type ReadSessionOptions, withReadSession } from '../warehouse/read-session.js';
import { sourcesRead } from '../warehouse/source-attachment.js';
import { warehouseRenderer } from './render-at-run-time.js';

export type CompiledWithReuse = CompiledGraph & { readonly reused: ReadonlySet<string> };

/**
 * Renders `waiting` (nodes that read the warehouse) again on one read-only session of the
 * lakehouse as it stands, and puts them in place of their placeholders.
 */
export async function renderAgainstWarehouse(
  parsed: ParsedProject,
  compiled: CompiledWithReuse,
  waiting: readonly CompiledNode[],
  prepare?: ReadSessionOptions['prepare'],
  /** No local warehouse yet: render on an empty one (what `prepare` adds is all there is). */
  options: { readonly empty?: boolean } = {},
): Promise<CompiledWithReuse> {
  const opened = options.empty ? openEmptyCatalog(parsed.project.target) : undefined;
  const catalog = opened ? opened.catalog : openWarehouseCatalogForReading(parsed.project.target);
  try {
    const render = warehouseRenderer(parsed, catalog);
    // The sources these nodes read, through views and ephemeral models too: others may be broken.
    const sources = sourcesRead(
      parsed.manifest,
      waiting.map((node) => node.uniqueId),
      (model) => model.config.materialized === 'ephemeral' || model.config.materialized === 'view',
    );
    const rendered = await withReadSession(
      parsed,
      catalog,
      { attachWarehouse: true, sources, ...(prepare ? { prepare } : {}) },
      async (conn) => {
        const nodes = new Map<string, CompiledNode>();
        for (const node of waiting) {
          const again = await render(node.uniqueId, conn);
          if (again) nodes.set(node.uniqueId, again);
        }
        return nodes;
      },
    );
    const nodes = new Map([...compiled.nodes].map(([id, node]) => [id, rendered.get(id) ?? node]));
    const reused = new Set([...compiled.reused].filter((id) => !rendered.has(id)));
    return { manifest: compiled.manifest, nodes, reused };
  } finally {
    if (opened) opened.close();
    else catalog.close();
  }
}
