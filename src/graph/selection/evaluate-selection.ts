import { assertNever } from '../../errors/index.js';
import { expandSelection, incorporateIndirect, type Selection } from './indirect-selection.js';
import { type MethodContext, matcherFor } from './methods.js';
import type { SelectionGraph } from './selection-graph.js';
import type {
  IndirectSelection,
  SelectionCriterion,
  SelectionDifference,
  SelectionSetOperation,
  SelectionSpec,
} from './selection-spec.js';
import { type SelectorDefinitions, unknownSelectorError } from './selector-definitions.js';

/**
 * Evaluates a selection spec over the graph as dbt's `NodeSelector` does: each criterion
 * matches nodes, adds its graph neighbours and expands to tests; set operations combine the
 * direct and the waiting (indirect) sets separately, then let waiting tests in.
 */
export class SelectionEvaluator {
  constructor(
    private readonly graph: SelectionGraph,
    private readonly selectors: SelectorDefinitions,
    private readonly context: MethodContext,
    /** Receives dbt's "does not match any enabled nodes" warnings. */
    private readonly warnings: string[],
  ) {}

  evaluate(spec: SelectionSpec, mode: IndirectSelection): Selection {
    switch (spec.kind) {
      case 'criterion':
        return this.criterion(spec, mode);
      case 'union':
      case 'intersection':
        return this.setOperation(spec, mode);
      case 'difference':
        return this.difference(spec, mode);
      default:
        return assertNever(spec, 'selection spec');
    }
  }

  private criterion(spec: SelectionCriterion, commandMode: IndirectSelection): Selection {
    const mode = spec.indirectSelection ?? commandMode;
    if (spec.method === 'selector') return this.namedSelector(spec, mode);
    return expandSelection(this.graph, this.withNeighbours(spec, this.match(spec)), mode);
  }

  /** dbt's `collect_specified_neighbors`: the graph operators of a criterion. */
  private withNeighbours(spec: SelectionCriterion, matched: ReadonlySet<string>): Set<string> {
    const selected = new Set(matched);
    if (spec.childrensParents) {
      const withDescendants = [...matched, ...this.graph.descendants(matched)];
      addAll(selected, withDescendants);
      addAll(selected, this.graph.ancestors(withDescendants));
    }
    if (spec.parents) addAll(selected, this.graph.ancestors(matched, spec.parentsDepth));
    if (spec.children) addAll(selected, this.graph.descendants(matched, spec.childrenDepth));
    return selected;
  }

  private match(spec: SelectionCriterion): Set<string> {
    const matches = matcherFor(spec, this.context);
    const selected = new Set<string>();
    for (const node of this.graph.manifest.nodes.values()) if (matches(node)) selected.add(node.uniqueId);
    return selected;
  }

  /** `selector:name`: the named selection as it stands, then any graph operators around it. */
  private namedSelector(spec: SelectionCriterion, mode: IndirectSelection): Selection {
    const named = this.selectors.specs.get(spec.value);
    if (named === undefined) throw unknownSelectorError(spec.value, this.selectors.specs.keys());
    const inner = this.evaluate(named, mode);
    if (!spec.parents && !spec.children && !spec.childrensParents) return inner;
    const outer = expandSelection(this.graph, this.withNeighbours(spec, inner.direct), mode);
    return { direct: outer.direct, indirect: union([inner.indirect, outer.indirect]) };
  }

  private setOperation(spec: SelectionSetOperation, mode: IndirectSelection): Selection {
    const parts = spec.items.map((item) => this.evaluate(item, mode));
    const combine = spec.kind === 'union' ? union : intersection;
    const direct = combine(parts.map((part) => part.direct));
    const indirect = combine(parts.map((part) => union([part.direct, part.indirect])));
    const selected = incorporateIndirect(this.graph, direct, indirect, mode);
    if (spec.warnIfEmpty && selected.size === 0) {
      this.warnings.push(`The selection criterion '${spec.raw}' does not match any enabled nodes`);
    }
    return { direct: selected, indirect };
  }

  /** Exclusions expand eagerly, so excluding a node excludes every test attached to it. */
  private difference(spec: SelectionDifference, mode: IndirectSelection): Selection {
    const include = this.evaluate(spec.include, mode);
    const exclude = this.evaluate(spec.exclude, 'eager');
    const excluded = union([exclude.direct, exclude.indirect]);
    const direct = minus(include.direct, exclude.direct);
    const indirect = minus(union([include.direct, include.indirect]), excluded);
    return { direct: incorporateIndirect(this.graph, direct, indirect, mode), indirect };
  }
}

function addAll(target: Set<string>, ids: Iterable<string>): void {
  for (const id of ids) target.add(id);
}

function union(sets: readonly ReadonlySet<string>[]): Set<string> {
  const result = new Set<string>();
  for (const set of sets) addAll(result, set);
  return result;
}

function intersection(sets: readonly ReadonlySet<string>[]): Set<string> {
  const [smallest, ...others] = [...sets].sort((a, b) => a.size - b.size);
  const result = new Set<string>();
  for (const id of smallest ?? []) if (others.every((set) => set.has(id))) result.add(id);
  return result;
}

function minus(from: ReadonlySet<string>, removed: ReadonlySet<string>): Set<string> {
  const result = new Set<string>();
  for (const id of from) if (!removed.has(id)) result.add(id);
  return result;
}
