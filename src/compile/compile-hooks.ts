import type { GraphNode } from '../model/node.js';
import type { CompileScope } from './compile-scope.js';
import { nodeContext } from './node-context.js';

/** A node's `pre_hook` / `post_hook` statements, rendered with the node's own context (`this`…). */
export interface CompiledHooks {
  readonly pre: readonly string[];
  readonly post: readonly string[];
}

/**
 * Renders a node's hooks as dbt does at run time: each is a template seeing the node's context,
 * so `{{ this }}` is the node's relation. Empty results are dropped.
 */
export function compileHooks(node: GraphNode, scope: CompileScope): CompiledHooks {
  if (!('config' in node) || !('pre_hook' in node.config)) return { pre: [], post: [] };
  const config = node.config as {
    readonly pre_hook: readonly string[];
    readonly post_hook: readonly string[];
  };
  const context = nodeContext(node, scope, false, { ids: new Set() });
  const render = (hooks: readonly string[], kind: string) =>
    hooks
      .map((text, i) =>
        scope.renderer
          .render(
            { path: `${node.originalFilePath} (${kind} ${i + 1})`, text, packageName: node.packageName },
            context,
          )
          .trim(),
      )
      .filter((sql) => sql.length > 0);
  return { pre: render(config.pre_hook, 'pre_hook'), post: render(config.post_hook, 'post_hook') };
}

/** Project hooks (`on-run-start` / `on-run-end`), rendered with the generic context plus `extra`. */
export function compileProjectHooks(
  hooks: readonly string[],
  kind: 'on-run-start' | 'on-run-end',
  scope: CompileScope,
  projectFile: string,
  extra: Readonly<Record<string, unknown>> = {},
): string[] {
  const context = { ...scope.baseContext, ...extra };
  return hooks
    .map((text, i) =>
      scope.renderer.render({ path: `${projectFile} (${kind} ${i + 1})`, text }, context).trim(),
    )
    .filter((sql) => sql.length > 0);
}
