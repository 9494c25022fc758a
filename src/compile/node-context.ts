import type { GraphNode } from '../model/node.js';
import { splitArgs } from '../template/index.js';
import type { CompileScope } from './compile-scope.js';

/** Records which ephemeral models a render referenced, to inline them as CTEs afterwards. */
export interface EphemeralUse {
  readonly ids: Set<string>;
}

/**
 * The compile context of one node: `ref`/`source` resolve to quoted relations, `config()` is a
 * no-op that prints nothing (config was captured at parse), `config.get` reads the merged config.
 */
export function nodeContext(
  node: GraphNode,
  scope: CompileScope,
  incremental: boolean,
  ephemerals: EphemeralUse,
): Record<string, unknown> {
  const ref = (...args: unknown[]) => {
    const resolved = resolveRefCall(node, scope, args);
    if (resolved.node.resourceType === 'model' && resolved.node.config.materialized === 'ephemeral') {
      ephemerals.ids.add(resolved.node.uniqueId);
    }
    return resolved.value;
  };
  const source = (...args: unknown[]) => {
    const { positional } = splitArgs(args);
    return scope.resolveSource(node, String(positional[0]), String(positional[1]));
  };
  const nodeConfig = 'config' in node ? (node.config as unknown as Record<string, unknown>) : {};
  const config = Object.assign(() => '', {
    get: (key: string, fallback?: unknown) =>
      nodeConfig[key] ?? (nodeConfig['extra'] as Record<string, unknown>)?.[key] ?? fallback ?? null,
    require: (key: string) => nodeConfig[key],
  });
  // Object.assign, then plain assignments: a spread followed by new keys is slow in V8, and
  // every node of a large project gets a context.
  const context: Record<string, unknown> = Object.assign({}, scope.baseContext);
  context['ref'] = ref;
  context['source'] = source;
  context['config'] = config;
  context['is_incremental'] = () => incremental;
  context['model'] = modelSummary(node);
  if ('relation' in node) context['this'] = scope.relationValue(node.relation);
  return context;
}

/** `ref('name')`, `ref('package', 'name')`, `ref('name', v=2)`: the node and relation it names. */
export function resolveRefCall(node: GraphNode, scope: CompileScope, args: readonly unknown[]) {
  const { positional, keywords } = splitArgs([...args]);
  const [first, second] = positional.map(String);
  const version = keywords['v'] ?? keywords['version'];
  return scope.resolveRef(
    node,
    (second ?? first)!,
    second === undefined ? undefined : first,
    version === undefined || version === null ? undefined : String(version),
  );
}

/** The `model` variable of dbt's context: the node's main attributes as a plain object. */
function modelSummary(node: GraphNode): Record<string, unknown> {
  return {
    unique_id: node.uniqueId,
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    original_file_path: node.originalFilePath,
    path: node.path,
    fqn: node.fqn,
    tags: node.tags,
    meta: node.meta,
    description: node.description,
    config: 'config' in node ? node.config : {},
  };
}
