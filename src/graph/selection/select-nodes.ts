import type { Manifest } from '../../model/manifest.js';
import type { ResourceType } from '../../model/node.js';
import { SelectionEvaluator } from './evaluate-selection.js';
import { parseCriterion, parseSelector } from './parse-selector.js';
import { SelectionGraph } from './selection-graph.js';
import type { IndirectSelection, SelectionSpec } from './selection-spec.js';
import { parseSelectorDefinitions, type SelectorDefinitions } from './selector-definitions.js';
import type { PreviousStateFacts } from './state-method.js';

export interface SelectOptions {
  /** `--select` values; each may hold several space-separated terms. */
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** `--selector`: a name from selectors.yml. */
  readonly selector?: string;
  /** selectors.yml entries by name, as the project loader keeps them. */
  readonly selectors?: Readonly<Record<string, unknown>>;
  /** The command's scope: `run` selects models, `test` tests, `build` every buildable kind. */
  readonly resourceTypes?: readonly ResourceType[];
  /** dbt's `--indirect-selection`; `eager` by default. */
  readonly indirectSelection?: IndirectSelection;
  /** For `path:` values written as absolute paths. */
  readonly projectRoot?: string;
  /** For `state:` criteria: how nodes compare to the `--state` manifest. */
  readonly state?: PreviousStateFacts;
}

export interface SelectionResult {
  /** Sorted unique ids. */
  readonly selected: string[];
  /** One line per criterion or selector that matched nothing, for the caller to print. */
  readonly warnings: string[];
}

/**
 * dbt's node selection. `--select` terms (space = union, comma = intersection, graph
 * operators `+`, `n+`, `@`) and `--selector` are unioned, `--exclude` is subtracted, the tests
 * of selected nodes join by indirect selection, and the result is cut to `resourceTypes`.
 * With no selection at all, the selectors.yml default applies, else every node. Throws
 * `LdpError` (LDP32x) on bad syntax, unknown methods or selectors, and invalid definitions.
 */
export function selectNodes(manifest: Manifest, options: SelectOptions = {}): SelectionResult {
  const selectors = parseSelectorDefinitions(options.selectors ?? {});
  const warnings: string[] = [];
  const graph = new SelectionGraph(manifest);
  const spec = selectionSpec(options, selectors);
  const evaluator = new SelectionEvaluator(
    graph,
    selectors,
    {
      projectName: manifest.projectName,
      ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
      ...(options.state ? { state: options.state } : {}),
    },
    warnings,
  );
  const chosen = spec
    ? evaluator.evaluate(spec, options.indirectSelection ?? 'eager').direct
    : manifest.nodes.keys();
  const scope = options.resourceTypes ? new Set(options.resourceTypes) : undefined;
  const selected: string[] = [];
  for (const id of chosen) {
    const node = manifest.nodes.get(id);
    if (node && (!scope || scope.has(node.resourceType))) selected.push(id);
  }
  if (options.selector !== undefined && selected.length === 0) {
    warnings.push(`The selector '${options.selector}' does not match any enabled nodes`);
  }
  return { selected: selected.sort(), warnings: [...new Set(warnings)] };
}

/** undefined means every node. */
function selectionSpec(options: SelectOptions, selectors: SelectorDefinitions): SelectionSpec | undefined {
  const includes: SelectionSpec[] = [];
  if (options.selector !== undefined) includes.push(parseCriterion(`selector:${options.selector}`));
  if (options.select && options.select.length > 0) includes.push(parseSelector(options.select.join(' ')));
  const exclude =
    options.exclude && options.exclude.length > 0 ? parseSelector(options.exclude.join(' ')) : undefined;
  if (includes.length === 0 && exclude === undefined) {
    return selectors.defaultName === undefined ? undefined : selectors.specs.get(selectors.defaultName);
  }
  const include: SelectionSpec =
    includes.length === 0
      ? parseCriterion('package:*')
      : includes.length === 1
        ? includes[0]!
        : { kind: 'union', items: includes, raw: 'selection', warnIfEmpty: false };
  return exclude ? { kind: 'difference', include, exclude, raw: 'exclude' } : include;
}
