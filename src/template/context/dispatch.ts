import { LdpError } from '../../errors/index.js';
import type { MacroInfo } from '../macro-library.js';

/** Where `adapter.dispatch` looks for implementations: the engine's namespaced macros. */
export interface MacroLookup {
  /**
   * The macro `name` of a package (`dbt`, an installed package, the root project); with `null`,
   * the macro the node being rendered sees under that name.
   */
  find(packageName: string | null, name: string): MacroInfo | undefined;
  /** The packages dispatch searches for a namespace, in order (`null`: as the node sees names). */
  searchPackages(namespace: string | undefined): readonly (string | null)[];
}

/**
 * dbt's `adapter.dispatch(name, macro_namespace)`: along the namespace's search order (the
 * project's `dispatch:` config, else the root project then the namespace), the first of
 * `<adapter>__name` and `default__name` found in a package wins.
 */
export function dispatchMacro(
  adapterType: string,
  lookup: MacroLookup,
  name: string,
  namespace: string | undefined,
): MacroInfo['fn'] {
  if (name.includes('.')) {
    throw new LdpError({
      code: 'LDP206',
      message: `adapter.dispatch('${name}'): the macro name may not name a package`,
      hint: `Pass the package as the namespace: adapter.dispatch('${name.slice(name.lastIndexOf('.') + 1)}', '${name.slice(0, name.lastIndexOf('.'))}').`,
    });
  }
  const attempts: string[] = [];
  for (const packageName of lookup.searchPackages(namespace)) {
    for (const prefix of [adapterType, 'default']) {
      const candidate = `${prefix}__${name}`;
      attempts.push(packageName === null ? candidate : `${packageName}.${candidate}`);
      const macro = lookup.find(packageName, candidate);
      if (macro) return macro.fn;
    }
  }
  const where = namespace === undefined ? '' : ` in namespace '${namespace}'`;
  throw new LdpError({
    code: 'LDP206',
    message: `adapter.dispatch('${name}') found no macro${where}: looked for ${attempts.join(', ')}`,
    hint: `Define {% macro default__${name}(…) %} (or ${adapterType}__${name}) in one of the macro-paths.`,
  });
}

/** What decides a namespace's search order. */
export interface SearchOrderConfig {
  /** The root project's name; undefined when the engine renders no project (tests, values). */
  readonly rootProject?: string;
  /** The root project's `dispatch:` config: namespace → package search order. */
  readonly dispatch?: ReadonlyMap<string, readonly string[]>;
}

/**
 * dbt's search packages: none named → the node's view of names; a namespace with a `dispatch:`
 * entry → its `search_order`; a package ldp knows → the root project, then that package;
 * anything else → the node's view of names.
 */
export function searchPackagesFor(
  namespace: string | undefined,
  config: SearchOrderConfig,
  isPackage: (name: string) => boolean,
): readonly (string | null)[] {
  if (namespace === undefined) return [null];
  const configured = config.dispatch?.get(namespace);
  if (configured !== undefined && configured.length > 0) return configured;
  if (!isPackage(namespace)) return [null];
  return config.rootProject === undefined ? [null, namespace] : [config.rootProject, namespace];
}
