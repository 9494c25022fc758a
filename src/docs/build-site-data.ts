import type { Manifest } from '../model/manifest.js';
import type { DocsInput } from './docs-input.js';
import { renderMarkdown } from './markdown.js';
import { SITE_SCHEMA_VERSION, type SiteData, type SiteNode, type SiteNodeType } from './site-data.js';
import { compareText, lineageColumnsByNode, siteColumnEdges, siteEdges } from './site-lineage.js';
import { hiddenInDocs, isDocumented, siteNode } from './site-node.js';
import { indexTests } from './site-tests.js';

/**
 * The data of the site: every documented node with its columns, tests, SQL and catalog facts,
 * and the lineage between them. Pure and deterministic: the same input gives the same value,
 * whatever the order of the maps it came in.
 */
export function buildSiteData(input: DocsInput): SiteData {
  const { manifest } = input;
  const documented = [...manifest.nodes.values()]
    .filter(isDocumented)
    .filter((node) => !hiddenInDocs(node))
    .sort((a, b) => compareText(a.uniqueId, b.uniqueId));
  const indexOf = new Map(documented.map((node, index) => [node.uniqueId, index]));
  const context = {
    input,
    indexOf,
    tests: indexTests(manifest, indexOf),
    lineageColumns: lineageColumnsByNode(input.lineage),
  };
  const nodes = documented.map((node) => siteNode(node, context));
  return {
    schemaVersion: SITE_SCHEMA_VERSION,
    project: {
      name: input.projectName,
      overviewHtml: renderMarkdown(overviewMarkdown(manifest)),
      ...(input.generatedAt !== undefined ? { generatedAt: input.generatedAt } : {}),
      counts: countByType(nodes),
    },
    nodes,
    edges: siteEdges(manifest, input.lineage, indexOf),
    columnEdges: siteColumnEdges(input.lineage, indexOf),
  };
}

/** The project's own `__overview__` docs block, else the first one another package defines. */
function overviewMarkdown(manifest: Manifest): string {
  const blocks = [...manifest.docs.values()]
    .filter((doc) => doc.name === '__overview__')
    .sort((a, b) => compareText(a.uniqueId, b.uniqueId));
  const own = blocks.find((doc) => doc.packageName === manifest.projectName);
  return (own ?? blocks[0])?.blockContents ?? '';
}

function countByType(nodes: readonly SiteNode[]): Record<SiteNodeType, number> {
  const counts: Record<SiteNodeType, number> = {
    model: 0,
    source: 0,
    seed: 0,
    snapshot: 0,
    test: 0,
    exposure: 0,
  };
  for (const node of nodes) counts[node.type] += 1;
  return counts;
}
