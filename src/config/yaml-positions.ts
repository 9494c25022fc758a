import type { YamlPath } from './yaml-source.js';

/**
 * One node as js-yaml composed it: where it starts and its children in document order (for a
 * mapping: key, value, key, value …; for a list: the items).
 */
export interface PositionNode {
  readonly start: number;
  readonly result: unknown;
  readonly children: readonly PositionNode[];
  /** For a mapping: whether every key has its key/value pair of children (not so with merge keys). */
  pairsComplete?: boolean;
}

function hasAllPairs(node: PositionNode): boolean {
  node.pairsComplete ??= node.children.length === Object.keys(node.result as object).length * 2;
  return node.pairsComplete;
}

/** A node without children (scalars): shared, so the many scalars of a file allocate no list. */
const NO_CHILDREN: readonly PositionNode[] = Object.freeze([]);

/**
 * Records js-yaml's `open`/`close` parse events as a tree of positions, so keys and values can
 * be located without a second, position-preserving parse. The listener runs for every scalar of
 * large properties files, so it keeps its open frames in two plain stacks.
 */
export class PositionRecorder {
  private readonly starts: number[] = [0];
  /** Children of each open frame; a list is made when the first child closes. */
  private readonly children: (PositionNode[] | undefined)[] = [undefined];
  private values: Map<object, PositionNode> | undefined;

  readonly listener = (event: 'open' | 'close', state: { position: number; result: unknown }): void => {
    if (event === 'open') {
      this.starts.push(state.position);
      this.children.push(undefined);
      return;
    }
    const start = this.starts.pop()!;
    let node: PositionNode = {
      start,
      result: state.result,
      children: this.children.pop() ?? NO_CHILDREN,
      pairsComplete: undefined,
    };
    // js-yaml wraps some nodes in a second compose call with the same result: keep the inner one.
    while (node.children.length === 1 && node.children[0]!.result === node.result) node = node.children[0]!;
    const top = this.children.length - 1;
    if (top < 0) return;
    const siblings = this.children[top];
    if (siblings) siblings.push(node);
    else this.children[top] = [node];
  };

  get root(): PositionNode | undefined {
    return this.children[0]?.[0];
  }

  /** The node of a mapping or list value (the last one recorded, for a value reused by an alias). */
  nodeOf(value: object): PositionNode | undefined {
    if (this.values === undefined) {
      const values = new Map<object, PositionNode>();
      const visit = (node: PositionNode) => {
        for (const child of node.children) visit(child);
        if (node.result !== null && typeof node.result === 'object') values.set(node.result, node);
      };
      for (const node of this.children[0] ?? []) visit(node);
      this.values = values;
    }
    return this.values.get(value);
  }
}

/** A located key and value: what `locate` returns and a later lookup below it can start from. */
export interface Located {
  readonly key?: number;
  readonly value: PositionNode;
}

/**
 * The offsets of the key and value at `path`, walking the recorded tree. `undefined` when the
 * tree cannot answer reliably (merge keys, anchors reused, a path that does not exist), so the
 * caller falls back to a full position-preserving parse.
 */
export function locate(root: PositionNode | undefined, path: YamlPath): Located | undefined {
  return root === undefined ? undefined : locateBelow({ value: root }, path);
}

/** `locate` from an already located place: `locate(root, [...a, ...b])` is `locateBelow(locate(root, a), b)`. */
export function locateBelow(from: Located, path: YamlPath): Located | undefined {
  let node: PositionNode | undefined = from.value;
  let key = from.key;
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (Array.isArray(node.result)) {
      if (typeof segment !== 'number' || node.children.length !== node.result.length) return undefined;
      node = node.children[segment];
      key = node?.start;
    } else if (node.result !== null && typeof node.result === 'object') {
      const pair = pairOf(node, String(segment));
      if (pair === undefined) return undefined;
      key = pair.key.start;
      node = pair.value;
    } else return undefined;
  }
  if (node === undefined) return undefined;
  return key !== undefined ? { key, value: node } : { value: node };
}

function pairOf(node: PositionNode, key: string): { key: PositionNode; value: PositionNode } | undefined {
  if (!hasAllPairs(node)) return undefined;
  for (let i = 0; i < node.children.length; i += 2) {
    const keyNode = node.children[i]!;
    if (String(keyNode.result) === key) return { key: keyNode, value: node.children[i + 1]! };
  }
  return undefined;
}

/** The first character of a value: past the spaces, line breaks and comments after its key's colon. */
export function valueStart(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else break;
  }
  return i;
}
