export { fnmatch, hasGlob } from './fnmatch.js';
export type { Selection } from './indirect-selection.js';
export { type MethodContext, matcherFor, type NodeMatcher } from './methods.js';
export { parseCriterion, parseSelector } from './parse-selector.js';
export { type SelectionResult, type SelectOptions, selectNodes } from './select-nodes.js';
export { SelectionGraph } from './selection-graph.js';
export {
  INDIRECT_SELECTION_MODES,
  type IndirectSelection,
  SELECTION_METHODS,
  type SelectionCriterion,
  type SelectionDifference,
  type SelectionMethod,
  type SelectionSetOperation,
  type SelectionSpec,
} from './selection-spec.js';
export { parseSelectorDefinitions, type SelectorDefinitions } from './selector-definitions.js';
