import type { YamlPath } from './yaml-source.js';

/**
 * One node as js-yaml composed it: where it starts and its children in document order (for a
 * mapping: key, value, key, value …; for a list: the items).
 */
export interface PositionNode {
  readonly start: number;
  readonly result: unknown;
  readonly children: readonly PositionNode[];
}

/**
 * Records js-yaml's `open`/`close` parse events as a tree of positions, so keys and values can
 * be located without a second, position-preserving parse.
 */
export class PositionRecorder {
  private readonly stack: { start: number; children: PositionNode[] }[] = [{ start: 0, children: [] }];
  readonly byValue = new WeakMap<object, PositionNode>();

  readonly listener = (event: 'open' | 'close', state: { position: number; result: unknown }): void => {
    if (event === 'open') {
      this.stack.push({ start: state.position, children: [] });
      return;
    }
    const frame = this.stack.pop()!;
    let node: PositionNode = { start: frame.start, result: state.result, children: frame.children };
    // js-yaml wraps some nodes in a second compose call with the same result: keep the inner one.
    while (node.children.length === 1 && node.children[0]!.result === node.result) node = node.children[0]!;
    if (node.result !== null && typeof node.result === 'object') this.byValue.set(node.result, node);
    this.stack[this.stack.length - 1]?.children.push(node);
  };

  get root(): PositionNode | undefined {
    return this.stack[0]?.children[0];
  }
}

/**
 * The offsets of the key and value at `path`, walking the recorded tree. `undefined` when the
 * tree cannot answer reliably (merge keys, anchors reused, a path that does not exist), so the
 * caller falls back to a full position-preserving parse.
 */
export function locate(
  root: PositionNode | undefined,
  path: YamlPath,
): { key?: number; value: PositionNode } | undefined {
  let node = root;
  let key: number | undefined;
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
  return node === undefined ? undefined : { ...(key !== undefined ? { key } : {}), value: node };
}

function pairOf(node: PositionNode, key: string): { key: PositionNode; value: PositionNode } | undefined {
  const keys = Object.keys(node.result as object);
  if (node.children.length !== keys.length * 2) return undefined;
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
