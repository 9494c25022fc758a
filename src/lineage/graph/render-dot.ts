import type { LineageSubgraph, LineageVertex } from './graph-types.js';
import { kindAndLayer, shortName } from './labels.js';

/**
 * Graphviz DOT, data flowing left to right; the queried vertex is bold. Column lineage groups the
 * columns of each node in a cluster, and draws influences (`filter`, `join`) dashed.
 */
export function renderLineageDot(subgraph: LineageSubgraph): string {
  const lines = [
    'digraph lineage {',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  if (subgraph.level === 'table') {
    for (const v of subgraph.vertices)
      lines.push(`  ${vertexLine(v, `${shortName(v)}\n${kindAndLayer(v.node)}`, subgraph)}`);
  } else {
    clusters(subgraph.vertices).forEach((members, i) => {
      const first = members[0]!;
      lines.push(`  subgraph ${quote(`cluster_${i}`)} {`);
      lines.push(`    label=${quote(`${shortName(first)} (${kindAndLayer(first.node)})`)};`);
      for (const v of members) lines.push(`    ${vertexLine(v, v.column ?? v.key, subgraph)}`);
      lines.push('  }');
    });
  }
  for (const link of subgraph.links) {
    const attributes = link.kind
      ? ` [label=${quote(link.kind)}${link.kind === 'filter' || link.kind === 'join' ? ', style=dashed' : ''}]`
      : '';
    lines.push(`  ${quote(link.from)} -> ${quote(link.to)}${attributes};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function vertexLine(vertex: LineageVertex, label: string, subgraph: LineageSubgraph): string {
  const bold = vertex.key === subgraph.root ? ', style="rounded,bold"' : '';
  return `${quote(vertex.key)} [label=${quote(label)}${bold}];`;
}

/** Column vertices grouped by node, in the (sorted) order of their nodes. */
export function clusters(vertices: readonly LineageVertex[]): LineageVertex[][] {
  const byNode = new Map<string, LineageVertex[]>();
  for (const v of vertices) {
    const list = byNode.get(v.nodeId);
    if (list) list.push(v);
    else byNode.set(v.nodeId, [v]);
  }
  return [...byNode.keys()].sort().map((id) => byNode.get(id)!);
}

/** A DOT string: quotes and backslashes escaped, newlines as `\n`. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
