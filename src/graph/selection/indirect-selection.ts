import type { SelectionGraph } from './selection-graph.js';
import type { IndirectSelection } from './selection-spec.js';

/**
 * A selection as dbt tracks it: `direct` is selected; `indirect` holds tests waiting for
 * their other parents (cautious and buildable modes), which a union may still bring in.
 */
export interface Selection {
  readonly direct: ReadonlySet<string>;
  readonly indirect: ReadonlySet<string>;
}

/**
 * dbt's `expand_selection`: the tests directly downstream of selected nodes join the
 * selection when any parent is selected (eager), all are (cautious), or all are selected or
 * ancestors of selected nodes or sources (buildable); the others wait in `indirect`.
 */
export function expandSelection(
  graph: SelectionGraph,
  selected: ReadonlySet<string>,
  mode: IndirectSelection,
): Selection {
  if (mode === 'empty') return { direct: selected, indirect: new Set() };
  const direct = new Set(selected);
  const indirect = new Set<string>();
  let buildable: Set<string> | undefined;
  for (const id of selected) {
    for (const test of graph.childrenOf(id)) {
      if (direct.has(test) || indirect.has(test) || !graph.isTest(test)) continue;
      const parents = graph.parentsOf(test);
      if (mode === 'eager' || parents.every((parent) => selected.has(parent))) direct.add(test);
      else if (mode === 'buildable') {
        buildable ??= new Set([...selected, ...graph.ancestors(selected), ...graph.sources]);
        const pool = buildable;
        (parents.every((parent) => pool.has(parent)) ? direct : indirect).add(test);
      } else indirect.add(test);
    }
  }
  return { direct, indirect };
}

/**
 * dbt's `incorporate_indirect_nodes`, after a set operation: a waiting test joins when all
 * its parents are now selected (cautious), or selected or their ancestors (buildable).
 */
export function incorporateIndirect(
  graph: SelectionGraph,
  direct: ReadonlySet<string>,
  indirect: ReadonlySet<string>,
  mode: IndirectSelection,
): ReadonlySet<string> {
  if (mode !== 'cautious' && mode !== 'buildable') return direct;
  const waiting = [...indirect].filter((id) => !direct.has(id));
  if (waiting.length === 0) return direct;
  const pool = mode === 'buildable' ? new Set([...direct, ...graph.ancestors(direct)]) : direct;
  const result = new Set(direct);
  for (const id of waiting) {
    if (graph.isTest(id) && graph.parentsOf(id).every((parent) => pool.has(parent))) result.add(id);
  }
  return result;
}
