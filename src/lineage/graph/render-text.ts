import type { LineageLink, LineageSubgraph, LineageVertex } from './graph-types.js';
import { vertexLabel } from './labels.js';

/**
 * A `tree`-style view from the queried vertex: upstream (parents as children of the tree),
 * downstream, or both as two branches. A vertex reached again is printed once more, marked
 * `(see above)`, without its subtree. Column links show their kind (`[transform] …`).
 */
export function renderLineageText(subgraph: LineageSubgraph): string {
  const vertices = new Map(subgraph.vertices.map((v) => [v.key, v]));
  const root = vertices.get(subgraph.root);
  if (!root) return `${subgraph.root}\n`;
  const lines = [vertexLabel(root)];
  const branches = sections(subgraph);
  branches.forEach(({ title, upstream }, i) => {
    const last = i === branches.length - 1;
    const printer = new TreePrinter(subgraph.links, vertices, upstream, lines);
    if (title === undefined) printer.children(root.key, '');
    else {
      lines.push(`${last ? '└── ' : '├── '}${title}`);
      printer.children(root.key, last ? '    ' : '│   ');
    }
  });
  return `${lines.join('\n')}\n`;
}

function sections(subgraph: LineageSubgraph): { title?: string; upstream: boolean }[] {
  switch (subgraph.direction) {
    case 'upstream':
      return [{ upstream: true }];
    case 'downstream':
      return [{ upstream: false }];
    case 'both':
      return [
        { title: 'upstream', upstream: true },
        { title: 'downstream', upstream: false },
      ];
  }
}

interface Frame {
  readonly key: string;
  readonly indent: string;
  readonly steps: readonly LineageLink[];
  index: number;
}

class TreePrinter {
  private readonly expanded = new Set<string>();
  /** Links by the vertex the tree grows from: `to` upstream, `from` downstream. */
  private readonly next = new Map<string, LineageLink[]>();

  constructor(
    links: readonly LineageLink[],
    private readonly vertices: ReadonlyMap<string, LineageVertex>,
    private readonly upstream: boolean,
    private readonly lines: string[],
  ) {
    for (const link of links) {
      const key = upstream ? link.to : link.from;
      const list = this.next.get(key);
      if (list) list.push(link);
      else this.next.set(key, [link]);
    }
  }

  /** Prints the subtree below `root`, depth first, without recursion (chains can be deep). */
  children(root: string, indent: string): void {
    const path = new Set([root]);
    const stack: Frame[] = [{ key: root, indent, steps: this.next.get(root) ?? [], index: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const link = frame.steps[frame.index++];
      if (!link) {
        stack.pop();
        path.delete(frame.key);
        continue;
      }
      const last = frame.index === frame.steps.length;
      const next = this.upstream ? link.from : link.to;
      const repeated = this.expanded.has(next) || path.has(next);
      this.lines.push(`${frame.indent}${last ? '└── ' : '├── '}${this.label(link, next, repeated)}`);
      if (repeated) continue;
      this.expanded.add(next);
      path.add(next);
      const childIndent = `${frame.indent}${last ? '    ' : '│   '}`;
      stack.push({ key: next, indent: childIndent, steps: this.next.get(next) ?? [], index: 0 });
    }
  }

  private label(link: LineageLink, key: string, repeated: boolean): string {
    const vertex = this.vertices.get(key);
    const kind = link.kind ? `[${link.kind}] ` : '';
    const mark = repeated && this.next.has(key) ? ' (see above)' : '';
    return `${kind}${vertex ? vertexLabel(vertex) : key}${mark}`;
  }
}
