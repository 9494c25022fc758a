import type { GraphNode } from '../model/node.js';
import { relationName } from '../sql/index.js';
import { splitArgs } from '../template/index.js';
import type { CompileScope } from './compile-scope.js';
import { batchFiltered, isMicrobatch } from './microbatch-filter.js';

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
  // A microbatch model reads each upstream that has an `event_time` one batch window at a time.
  const microbatch = isMicrobatch(node);
  const ref = (...args: unknown[]) => {
    const resolved = resolveRefCall(node, scope, args);
    if (resolved.node.resourceType === 'model' && resolved.node.config.materialized === 'ephemeral') {
      ephemerals.ids.add(resolved.node.uniqueId);
    }
    return microbatch ? batchFiltered(resolved.node, resolved.value, scope) : resolved.value;
  };
  const source = (...args: unknown[]) => {
    const { positional } = splitArgs(args);
    const resolved = scope.resolveSourceNode(node, String(positional[0]), String(positional[1]));
    return microbatch ? batchFiltered(resolved.node, resolved.value, scope) : resolved.value;
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
  // Built when a template reads it: most never do, and every node of a large project renders.
  let model: Record<string, unknown> | undefined;
  Object.defineProperty(context, 'model', {
    get: () => (model ??= modelSummary(node, scope.manifest.parentMap.get(node.uniqueId) ?? [])),
    enumerable: true,
  });
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
function modelSummary(node: GraphNode, dependsOn: readonly string[]): Record<string, unknown> {
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
    config: 'config' in node ? flatConfig(node.config) : {},
    refs:
      'refs' in node
        ? node.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null }))
        : [],
    sources: 'sources' in node ? node.sources.map((s) => [s.source, s.table]) : [],
    depends_on: { nodes: dependsOn, macros: 'macros' in node ? node.macros : [] },
    ...('relation' in node
      ? {
          database: node.relation.database ?? null,
          schema: node.relation.schema,
          alias: node.relation.identifier,
          relation_name: relationName(node.relation),
        }
      : {}),
    ...('rawSql' in node
      ? { raw_code: node.rawSql, language: 'language' in node && node.language ? node.language : 'sql' }
      : {}),
  };
}

/** Custom config keys beside the known ones (`model.config.owner`), as dbt has them. */
function flatConfig(config: object): Record<string, unknown> {
  const { extra, ...known } = config as { extra?: Record<string, unknown> };
  const flat: Record<string, unknown> = { ...known };
  for (const [key, value] of Object.entries(extra ?? {})) if (!Object.hasOwn(flat, key)) flat[key] = value;
  return flat;
}
