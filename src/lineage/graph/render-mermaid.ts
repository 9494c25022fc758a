import type { LineageSubgraph } from './graph-types.js';
import { kindAndLayer, shortName } from './labels.js';
import { clusters } from './render-dot.js';

/**
 * A Mermaid `flowchart LR`. Vertex ids are `n0`, `n1`… in sorted order (Mermaid ids cannot hold
 * dots); the queried vertex gets the `root` class. Column lineage puts each node's columns in a
 * subgraph and draws influences (`filter`, `join`) dotted.
 */
export function renderLineageMermaid(subgraph: LineageSubgraph): string {
  const ids = new Map(subgraph.vertices.map((v, i) => [v.key, `n${i}`]));
  const lines = ['flowchart LR'];
  if (subgraph.level === 'table') {
    for (const v of subgraph.vertices) {
      lines.push(
        `  ${ids.get(v.key)}["${mermaidText(shortName(v))}<br/>${mermaidText(kindAndLayer(v.node))}"]`,
      );
    }
  } else {
    clusters(subgraph.vertices).forEach((members, i) => {
      const first = members[0]!;
      lines.push(`  subgraph s${i}["${mermaidText(`${shortName(first)} (${kindAndLayer(first.node)})`)}"]`);
      for (const v of members) lines.push(`    ${ids.get(v.key)}["${mermaidText(v.column ?? v.key)}"]`);
      lines.push('  end');
    });
  }
  for (const link of subgraph.links) {
    const from = ids.get(link.from) ?? mermaidText(link.from);
    const to = ids.get(link.to) ?? mermaidText(link.to);
    if (!link.kind) lines.push(`  ${from} --> ${to}`);
    else if (link.kind === 'filter' || link.kind === 'join') lines.push(`  ${from} -.->|${link.kind}| ${to}`);
    else lines.push(`  ${from} -->|${link.kind}| ${to}`);
  }
  const root = ids.get(subgraph.root);
  if (root) lines.push('  classDef root stroke-width:3px', `  class ${root} root`);
  return `${lines.join('\n')}\n`;
}

/** Mermaid entity codes for characters that end or break a quoted label. */
function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
