import { didYouMeanHint, LdpError } from '../../errors/index.js';
import type { NodeMatcher } from './fqn-method.js';
import type { SelectionCriterion } from './selection-spec.js';

/** How the current nodes compare to those of the `--state` manifest (computed by the caller). */
export interface PreviousStateFacts {
  /** Nodes the previous manifest does not have. */
  readonly added: ReadonlySet<string>;
  /** What changed in each node the previous manifest has (an empty set: nothing). */
  readonly changes: ReadonlyMap<string, ReadonlySet<string>>;
}

const CHANGE_KINDS = ['body', 'configs', 'relation', 'persisted_descriptions', 'macros', 'contract'];
const STATE_VALUES = [
  'new',
  'old',
  'modified',
  'unmodified',
  ...CHANGE_KINDS.map((kind) => `modified.${kind}`),
];

/**
 * dbt's `state:` method: `new` (not in the previous manifest), `old` (in it), `modified` (new,
 * or changed in any way), `modified.<kind>` (changed in that way), `unmodified` (in it, unchanged).
 */
export function stateMatcher(
  criterion: SelectionCriterion,
  state: PreviousStateFacts | undefined,
): NodeMatcher {
  if (!state) {
    throw new LdpError({
      code: 'LDP161',
      message: `the selector '${criterion.raw}' compares with a previous run, but no --state was given`,
      hint: 'Pass --state <folder> with the manifest.json of the run to compare with (e.g. a copy of target/ from production).',
    });
  }
  const value = criterion.value;
  if (!STATE_VALUES.includes(value)) {
    throw new LdpError({
      code: 'LDP325',
      message: `'${value}' is not a state in the selector '${criterion.raw}'`,
      hint: didYouMeanHint(value, STATE_VALUES) ?? `Write one of ${STATE_VALUES.join(', ')}.`,
    });
  }
  const changes = (id: string) => state.changes.get(id);
  switch (value) {
    case 'new':
      return (node) => state.added.has(node.uniqueId);
    case 'old':
      return (node) => changes(node.uniqueId) !== undefined;
    case 'unmodified':
      return (node) => changes(node.uniqueId)?.size === 0;
    case 'modified':
      return (node) => state.added.has(node.uniqueId) || (changes(node.uniqueId)?.size ?? 0) > 0;
    default: {
      const kind = value.slice('modified.'.length);
      return (node) => changes(node.uniqueId)?.has(kind) === true;
    }
  }
}
