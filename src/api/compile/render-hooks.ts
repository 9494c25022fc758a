import { compileHooks } from '../../compile/compile-hooks.js';
import { CompileScope } from '../../compile/compile-scope.js';
import { LdpError } from '../../errors/index.js';
import type { GraphNode } from '../../model/node.js';
import type { ParsedProject } from '../session/parse.js';

type Hooks = {
  readonly pre: readonly string[];
  readonly post: readonly string[];
  /** The hooks read the warehouse while they render: they render when the node runs. */
  readonly readsWarehouse?: true;
};

/** Renders the `pre_hook` / `post_hook` of the selected nodes that have any (most have none). */
export function renderHooks(parsed: ParsedProject, selected: readonly string[]): ReadonlyMap<string, Hooks> {
  const withHooks = selected.filter((id) => {
    const node = parsed.manifest.nodes.get(id);
    return node !== undefined && 'config' in node && hasHooks(node.config);
  });
  const hooks = new Map<string, Hooks>();
  if (withHooks.length === 0) return hooks;
  const scope = projectScope(parsed);
  for (const id of withHooks) hooks.set(id, hooksOf(parsed.manifest.nodes.get(id)!, scope));
  return hooks;
}

function hooksOf(node: GraphNode, scope: CompileScope): Hooks {
  try {
    return compileHooks(node, scope);
  } catch (error) {
    // An introspective call with no warehouse open (LDP230): the hooks render as the node runs.
    if (error instanceof LdpError && error.code === 'LDP230')
      return { pre: [], post: [], readsWarehouse: true };
    throw error;
  }
}

/** The compile scope of the whole project (refs resolve as in models). */
export function projectScope(parsed: ParsedProject): CompileScope {
  return new CompileScope(parsed.manifest, parsed.templates.engine, parsed.templates.base);
}

function hasHooks(config: object): boolean {
  const c = config as { pre_hook?: readonly string[]; post_hook?: readonly string[] };
  return (c.pre_hook?.length ?? 0) > 0 || (c.post_hook?.length ?? 0) > 0;
}
