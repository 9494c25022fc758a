import type { DocBlock, GraphNode, MacroDefinition } from './node.js';

/**
 * The parsed project as a dependency graph. Frozen once built; `parentMap`/`childMap` list
 * unique ids sorted for determinism.
 */
export interface Manifest {
  readonly projectName: string;
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly macros: ReadonlyMap<string, MacroDefinition>;
  readonly docs: ReadonlyMap<string, DocBlock>;
  readonly parentMap: ReadonlyMap<string, readonly string[]>;
  readonly childMap: ReadonlyMap<string, readonly string[]>;
}
