import { existsSync } from 'node:fs';
import type { CompiledGraph } from '../../compile/compile-graph.js';
import { LdpError } from '../../errors/index.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { ParsedProject } from '../session/parse.js';

type Compiled = CompiledGraph & { readonly reused: ReadonlySet<string> };

/**
 * `ldp compile` of nodes that read the warehouse while they render: as dbt's compile does, they
 * render with `execute` true against the lakehouse as it stands (read-only, no lock: nothing is
 * committed). Without a warehouse yet, they keep their placeholder and render when they run.
 */
export async function renderReadingWarehouse(parsed: ParsedProject, compiled: Compiled): Promise<Compiled> {
  const waiting = [...compiled.nodes.values()].filter((node) => node.readsWarehouse);
  if (waiting.length === 0) return compiled;
  if (!existsSync(parsed.project.target.catalogPath)) {
    parsed.reporter.report({ kind: 'diagnostic', diagnostic: noWarehouseYet(waiting.length) });
    return compiled;
  }
  // DuckDB and the SQLite catalog load only here: most compiles never read the warehouse, and
  // loading DuckDB's native library costs more than compiling one model.
  const [{ warehouseRenderer }, { openWarehouseCatalogForReading }, { withReadSession }, { sourcesRead }] =
    await Promise.all([
      import('../run/render-at-run-time.js'),
      import('../session/lakehouse.js'),
      import('../session/read-session.js'),
      import('../session/source-attachment.js'),
    ]);
  const catalog = openWarehouseCatalogForReading(parsed.project.target);
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
      { attachWarehouse: true, sources },
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
    catalog.close();
  }
}

function noWarehouseYet(count: number): LdpError {
  return new LdpError({
    code: 'LDP237',
    severity: 'warning',
    message: `${count} node(s) read the warehouse while they render, and the warehouse has not been built yet: their compiled files say so, and they render when they run`,
    hint: 'Run `ldp build` (or `ldp run`) first to compile them against the lakehouse.',
  });
}
