import type { Manifest } from '../../model/manifest.js';
import type { ResourceType } from '../../model/node.js';
import { matcherFor } from './methods.js';
import { parseCriterion, type SelectionCriterion } from './parse-selector.js';
import { reachable } from './traverse.js';
import { readDefinition, resolveNamed, type SelectorExpression } from './yaml-selectors.js';

export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

export interface SelectOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly selector?: string;
  readonly selectors?: Readonly<Record<string, unknown>>;
  /** The command's scope: `run` selects models, `test` tests, `build` all buildable kinds. */
  readonly resourceTypes?: readonly ResourceType[];
  readonly indirectSelection?: IndirectSelection;
  readonly projectRoot?: string;
}

/**
 * dbt's node selection: criteria with graph operators, unions (space), intersections (comma),
 * `--exclude`, yaml selectors, and indirect selection of the tests of selected nodes.
 * Returns sorted unique ids, and a warning for each criterion that matched nothing.
 */
export function selectNodes(
  manifest: Manifest,
  options: SelectOptions,
): { selected: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const evaluator = new Evaluator(manifest, warnings);
  const selectors = options.selectors ?? {};
  const expression = selectionExpression(options, selectors);
  const indirect = options.indirectSelection ?? 'eager';
  let selected =
    expression === undefined
      ? new Set(manifest.nodes.keys())
      : evaluator.withTests(evaluator.evaluate(expression), indirect);
  if (options.exclude && options.exclude.length > 0) {
    const excluded = evaluator.withTests(evaluator.evaluate(cliExpression(options.exclude)), 'eager');
    selected = new Set([...selected].filter((id) => !excluded.has(id)));
  }
  const scope = options.resourceTypes ? new Set(options.resourceTypes) : undefined;
  const result = [...selected].filter((id) => {
    const node = manifest.nodes.get(id);
    return node !== undefined && (scope === undefined || scope.has(node.resourceType));
  });
  return { selected: result.sort(), warnings };
}

function selectionExpression(
  options: SelectOptions,
  selectors: Readonly<Record<string, unknown>>,
): SelectorExpression | undefined {
  if (options.selector) return resolveNamed(options.selector, selectors);
  if (options.select && options.select.length > 0) return cliExpression(options.select);
  const fallback = Object.entries(selectors).find(
    ([, entry]) => (entry as { default?: unknown }).default === true,
  );
  return fallback
    ? readDefinition((fallback[1] as { definition: unknown }).definition, fallback[0], selectors)
    : undefined;
}

function cliExpression(values: readonly string[]): SelectorExpression {
  const items = values
    .flatMap((value) => value.trim().split(/\s+/))
    .filter(Boolean)
    .map((term): SelectorExpression => {
      const parts = term
        .split(',')
        .map((raw): SelectorExpression => ({ kind: 'criterion', criterion: parseCriterion(raw) }));
      return parts.length === 1 ? parts[0]! : { kind: 'intersection', items: parts, exclude: [] };
    });
  return { kind: 'union', items, exclude: [] };
}

class Evaluator {
  constructor(
    private readonly manifest: Manifest,
    private readonly warnings: string[],
  ) {}

  evaluate(expression: SelectorExpression): Set<string> {
    if (expression.kind === 'criterion') return this.criterion(expression.criterion);
    const sets = expression.items.map((item) => this.evaluate(item));
    let result: Set<string>;
    if (expression.kind === 'union') result = new Set(sets.flatMap((set) => [...set]));
    else result = intersect(sets);
    for (const exclusion of expression.exclude) for (const id of this.evaluate(exclusion)) result.delete(id);
    return result;
  }

  /** Adds the data tests of selected nodes, as dbt's indirect selection does. */
  withTests(selected: Set<string>, mode: IndirectSelection): Set<string> {
    if (mode === 'empty') return selected;
    const result = new Set(selected);
    const buildable =
      mode === 'buildable'
        ? new Set([...selected, ...reachable(selected, this.manifest.parentMap)])
        : selected;
    for (const node of this.manifest.nodes.values()) {
      if (node.resourceType !== 'test' || result.has(node.uniqueId)) continue;
      const parents = this.manifest.parentMap.get(node.uniqueId) ?? [];
      if (parents.length === 0) continue;
      const ok =
        mode === 'eager' ? parents.some((p) => selected.has(p)) : parents.every((p) => buildable.has(p));
      if (ok) result.add(node.uniqueId);
    }
    return result;
  }

  private criterion(criterion: SelectionCriterion): Set<string> {
    const match = matcherFor(criterion.method, criterion.value);
    const base = new Set<string>();
    for (const node of this.manifest.nodes.values()) if (match(node)) base.add(node.uniqueId);
    if (base.size === 0)
      this.warnings.push(`The selection criterion '${criterion.raw}' does not match any enabled nodes`);
    const result = new Set(base);
    if (criterion.parents)
      for (const id of reachable(base, this.manifest.parentMap, criterion.parentsDepth)) result.add(id);
    if (criterion.children || criterion.childrensParents) {
      const children = reachable(base, this.manifest.childMap, criterion.childrenDepth);
      for (const id of children) result.add(id);
      if (criterion.childrensParents) {
        for (const id of reachable([...base, ...children], this.manifest.parentMap)) result.add(id);
      }
    }
    return result;
  }
}

function intersect(sets: readonly Set<string>[]): Set<string> {
  const [first, ...rest] = sets;
  const result = new Set<string>();
  for (const id of first ?? []) if (rest.every((set) => set.has(id))) result.add(id);
  return result;
}
