import { didYouMeanHint, LdpError, type Span } from '../../errors/index.js';
import { parseCliSelection, readMethod } from './parse-selector.js';
import {
  INDIRECT_SELECTION_MODES,
  type IndirectSelection,
  type SelectionCriterion,
  type SelectionSpec,
} from './selection-spec.js';

/** The selector being read, for error messages. */
export interface DefinitionSite {
  readonly name: string;
  readonly span?: Span;
}

const CRITERION_KEYS = [
  'method',
  'value',
  'children',
  'parents',
  'children_depth',
  'parents_depth',
  'childrens_parents',
  'indirect_selection',
  'exclude',
];

/**
 * Reads one `definition:` of selectors.yml in any of dbt's forms: a CLI-style string, a
 * `method: value` pair, a `{method, value, parents, children, …, exclude}` mapping, or
 * `{union: [...]}` / `{intersection: [...]}` whose list may hold one `{exclude: [...]}`.
 * Throws `LdpError` LDP324 (or the syntax errors of `parseSelector`) located at the selector.
 */
export function readDefinition(definition: unknown, site: DefinitionSite): SelectionSpec {
  if (typeof definition === 'string') {
    return located(site, () => parseCliSelection(definition, { warnIfEmpty: false }));
  }
  if (!isRecord(definition)) {
    throw invalid(site, `a definition must be a string or a mapping, not ${describe(definition)}`);
  }
  if ('union' in definition || 'intersection' in definition) return readSetOperation(definition, site);
  if ('method' in definition || 'value' in definition) return readCriterion(definition, site);
  const [key, ...others] = Object.keys(definition);
  if (key === 'exclude') throw invalid(site, "'exclude:' belongs in the list of a union or intersection");
  if (key === undefined || others.length > 0) {
    throw invalid(
      site,
      `cannot read ${describe(definition)}: expected union, intersection, method and value, or one method: value pair`,
    );
  }
  const value = scalar(definition[key], key, site);
  return located(site, () => ({ ...criterion(key, value, {}), ...readMethod(key, `${key}:${value}`) }));
}

function readSetOperation(map: Record<string, unknown>, site: DefinitionSite): SelectionSpec {
  const kind = 'union' in map ? 'union' : 'intersection';
  const others = Object.keys(map).filter((key) => key !== kind);
  if (others.length > 0) throw invalid(site, `a '${kind}' mapping cannot also have ${others.join(', ')}`);
  const list = map[kind];
  if (!Array.isArray(list) || list.length === 0) throw invalid(site, `'${kind}' must be a non-empty list`);
  const items: SelectionSpec[] = [];
  let exclude: SelectionSpec | undefined;
  for (const item of list) {
    if (!isRecord(item) || !('exclude' in item)) items.push(readDefinition(item, site));
    else if (exclude)
      throw invalid(site, `'${kind}' has two 'exclude:' entries; put every exclusion in one list`);
    else exclude = readExclusions(item, site);
  }
  if (items.length === 0) throw invalid(site, `'${kind}' has only an 'exclude:' entry and selects nothing`);
  const set: SelectionSpec = { kind, items, raw: kind, warnIfEmpty: false };
  return exclude ? { kind: 'difference', include: set, exclude, raw: kind } : set;
}

function readExclusions(item: Record<string, unknown>, site: DefinitionSite): SelectionSpec {
  const others = Object.keys(item).filter((key) => key !== 'exclude');
  if (others.length > 0) throw invalid(site, `an 'exclude:' entry cannot also have ${others.join(', ')}`);
  const list = item['exclude'];
  if (!Array.isArray(list) || list.length === 0) throw invalid(site, "'exclude' must be a non-empty list");
  const specs = list.map((entry) => readDefinition(entry, site));
  return specs.length === 1 ? specs[0]! : { kind: 'union', items: specs, raw: 'exclude', warnIfEmpty: false };
}

function readCriterion(map: Record<string, unknown>, site: DefinitionSite): SelectionSpec {
  for (const key of Object.keys(map)) {
    if (!CRITERION_KEYS.includes(key)) {
      throw invalid(site, `unknown key '${key}'`, didYouMeanHint(key, CRITERION_KEYS));
    }
  }
  const method = map['method'];
  if (typeof method !== 'string') throw invalid(site, `'method' must be a string, not ${describe(method)}`);
  const value = scalar(map['value'], 'value', site);
  const operators = graphOperators(map, site);
  const spec: SelectionCriterion = located(site, () => {
    const base = criterion(method, value, operators);
    return { ...base, ...readMethod(method, base.raw) };
  });
  if (map['exclude'] === undefined) return spec;
  return {
    kind: 'difference',
    include: spec,
    exclude: readExclusions({ exclude: map['exclude'] }, site),
    raw: spec.raw,
  };
}

type GraphOperators = Pick<
  SelectionCriterion,
  'parents' | 'parentsDepth' | 'children' | 'childrenDepth' | 'childrensParents' | 'indirectSelection'
>;

/** A depth implies its direction (dbt ignores `parents_depth` without `parents: true`). */
function graphOperators(map: Record<string, unknown>, site: DefinitionSite): Partial<GraphOperators> {
  const parentsDepth = depth(map, 'parents_depth', site);
  const childrenDepth = depth(map, 'children_depth', site);
  const children = flag(map, 'children', site) || childrenDepth !== undefined;
  const childrensParents = flag(map, 'childrens_parents', site);
  if (childrensParents && children) {
    throw invalid(site, "'childrens_parents' already selects every descendant; drop 'children'");
  }
  const mode = map['indirect_selection'];
  if (mode !== undefined && !INDIRECT_SELECTION_MODES.includes(mode as IndirectSelection)) {
    throw invalid(
      site,
      `'indirect_selection' must be one of ${INDIRECT_SELECTION_MODES.join(', ')}, not ${describe(mode)}`,
      typeof mode === 'string' ? didYouMeanHint(mode, INDIRECT_SELECTION_MODES) : undefined,
    );
  }
  return {
    parents: flag(map, 'parents', site) || parentsDepth !== undefined,
    ...(parentsDepth !== undefined ? { parentsDepth } : {}),
    children,
    ...(childrenDepth !== undefined ? { childrenDepth } : {}),
    childrensParents,
    ...(mode !== undefined ? { indirectSelection: mode as IndirectSelection } : {}),
  };
}

/** A criterion without its method fields, with `raw` written as the command line would. */
function criterion(
  methodText: string,
  value: string,
  operators: Partial<GraphOperators>,
): Omit<SelectionCriterion, 'method' | 'methodArguments'> {
  const up = operators.parents ? `${operators.parentsDepth ?? ''}+` : '';
  const down = operators.children ? `+${operators.childrenDepth ?? ''}` : '';
  const at = operators.childrensParents ? '@' : '';
  if (value === '') {
    throw new LdpError({
      code: 'LDP320',
      message: `the method '${methodText}' has an empty value`,
      hint: `Give the value to match, e.g. ${methodText}: <value>.`,
    });
  }
  return {
    kind: 'criterion',
    value,
    parents: false,
    children: false,
    childrensParents: false,
    ...operators,
    raw: `${at}${up}${methodText}:${value}${down}`,
  };
}

function flag(map: Record<string, unknown>, key: string, site: DefinitionSite): boolean {
  const value = map[key];
  if (value === undefined || typeof value === 'boolean') return value === true;
  throw invalid(site, `'${key}' must be true or false, not ${describe(value)}`);
}

function depth(map: Record<string, unknown>, key: string, site: DefinitionSite): number | undefined {
  const value = map[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw invalid(site, `'${key}' must be a whole number of steps, not ${describe(value)}`);
}

function scalar(value: unknown, key: string, site: DefinitionSite): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw invalid(site, `'${key}' needs a text, number or boolean value, not ${describe(value)}`);
}

/** Runs `read`, re-throwing its user errors with the selector's name and place. */
function located<T>(site: DefinitionSite, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof LdpError)) throw error;
    throw new LdpError({
      ...error.toInit(),
      message: `selector '${site.name}': ${error.message}`,
      ...(site.span ? { span: site.span } : {}),
    });
  }
}

function invalid(site: DefinitionSite, problem: string, hint?: string): LdpError {
  return new LdpError({
    code: 'LDP324',
    message: `selector '${site.name}' in selectors.yml: ${problem}`,
    ...(site.span ? { span: site.span } : {}),
    hint:
      hint ??
      'A definition is a string (tag:nightly +orders), a method: value pair, {method: …, value: …}, ' +
        'or {union: […]} / {intersection: […]} with an optional {exclude: […]} entry.',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
