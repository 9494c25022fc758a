import { didYouMeanHint, LdpError } from '../../errors/index.js';
import { parseCriterion, type SelectionCriterion } from './parse-selector.js';

/** A selection expression as selectors.yml writes it, evaluated by `select-nodes`. */
export type SelectorExpression =
  | { readonly kind: 'criterion'; readonly criterion: SelectionCriterion; readonly indirect?: string }
  | {
      readonly kind: 'union' | 'intersection';
      readonly items: readonly SelectorExpression[];
      readonly exclude: readonly SelectorExpression[];
    };

/** Reads a definition: a CLI-syntax string, a `{method, value, …}` map, `{union: [...]}` or `{intersection: [...]}`. */
export function readDefinition(
  definition: unknown,
  selectorName: string,
  selectors: Readonly<Record<string, unknown>>,
  seen: string[] = [],
): SelectorExpression {
  if (typeof definition === 'string') {
    const items = definition
      .trim()
      .split(/\s+/)
      .map((term): SelectorExpression => {
        const parts = term
          .split(',')
          .map((raw): SelectorExpression => ({ kind: 'criterion', criterion: parseCriterion(raw) }));
        return parts.length === 1 ? parts[0]! : { kind: 'intersection', items: parts, exclude: [] };
      });
    return items.length === 1 ? items[0]! : { kind: 'union', items, exclude: [] };
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition))
    throw invalid(selectorName, definition);
  const map = definition as Record<string, unknown>;
  for (const kind of ['union', 'intersection'] as const) {
    if (kind in map) {
      const list = map[kind];
      if (!Array.isArray(list)) throw invalid(selectorName, definition);
      const items: SelectorExpression[] = [];
      const exclude: SelectorExpression[] = [];
      for (const item of list) {
        if (item && typeof item === 'object' && 'exclude' in item) {
          for (const ex of (item as { exclude: unknown[] }).exclude)
            exclude.push(readDefinition(ex, selectorName, selectors, seen));
        } else items.push(readDefinition(item, selectorName, selectors, seen));
      }
      return { kind, items, exclude };
    }
  }
  if (map['method'] === 'selector')
    return resolveNamed(String(map['value']), selectors, [...seen, selectorName]);
  return {
    kind: 'criterion',
    criterion: criterionFromMap(map, selectorName),
    ...(map['indirect_selection'] ? { indirect: String(map['indirect_selection']) } : {}),
  };
}

function criterionFromMap(map: Record<string, unknown>, selectorName: string): SelectionCriterion {
  const method = map['method'];
  const value = map['value'];
  if (typeof method !== 'string' || value === undefined) throw invalid(selectorName, map);
  const parentsDepth = map['parents_depth'];
  const childrenDepth = map['children_depth'];
  return {
    method: method === 'fqn' ? '' : method,
    value: String(value),
    parents: map['parents'] === true || parentsDepth !== undefined,
    ...(parentsDepth !== undefined ? { parentsDepth: Number(parentsDepth) } : {}),
    children: map['children'] === true || childrenDepth !== undefined,
    ...(childrenDepth !== undefined ? { childrenDepth: Number(childrenDepth) } : {}),
    childrensParents: map['childrens_parents'] === true,
    raw: `${method}:${String(value)}`,
  };
}

/** The definition of a named selector (`--selector x`, or `method: selector`). */
export function resolveNamed(
  name: string,
  selectors: Readonly<Record<string, unknown>>,
  seen: string[] = [],
): SelectorExpression {
  if (seen.includes(name)) {
    throw new LdpError({
      code: 'LDP322',
      message: `selector '${name}' refers to itself: ${[...seen, name].join(' → ')}`,
      hint: 'Remove the circular reference in selectors.yml.',
    });
  }
  const entry = selectors[name] as { definition?: unknown } | undefined;
  if (!entry) {
    throw new LdpError({
      code: 'LDP323',
      message: `no selector named '${name}' in selectors.yml`,
      hint:
        didYouMeanHint(name, Object.keys(selectors)) ??
        `Selectors: ${Object.keys(selectors).join(', ') || 'none (is there a selectors.yml?)'}.`,
    });
  }
  return readDefinition(entry.definition, name, selectors, seen);
}

function invalid(selectorName: string, definition: unknown): LdpError {
  return new LdpError({
    code: 'LDP324',
    message: `selector '${selectorName}' has a definition ldp cannot read: ${JSON.stringify(definition)}`,
    hint: 'Use a string (tag:nightly +model), {method: …, value: …}, {union: […]} or {intersection: […]}.',
  });
}
