export { matcherFor } from './methods.js';
export {
  parseCriterion,
  parseSelector,
  type SelectionCriterion,
  type SelectionSpec,
} from './parse-selector.js';
export { type IndirectSelection, type SelectOptions, selectNodes } from './select-nodes.js';
export { reachable } from './traverse.js';
