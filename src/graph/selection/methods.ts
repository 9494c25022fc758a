import { didYouMeanHint, InternalError, LdpError } from '../../errors/index.js';
import { type GraphNode, RESOURCE_TYPES } from '../../model/node.js';
import { configMatcher } from './config-method.js';
import { fnmatch } from './fnmatch.js';
import { fqnMatcher, type NodeMatcher } from './fqn-method.js';
import { fileMatcher, pathMatcher } from './path-methods.js';
import type { SelectionCriterion, SelectionMethod } from './selection-spec.js';
import { type PreviousStateFacts, stateMatcher } from './state-method.js';

export type { NodeMatcher } from './fqn-method.js';

export interface MethodContext {
  /** For `package:this`. */
  readonly projectName: string;
  /** For absolute values of `path:`. */
  readonly projectRoot?: string;
  /** For `state:`: how nodes compare to the `--state` manifest. */
  readonly state?: PreviousStateFacts;
}

type MatcherFactory = (criterion: SelectionCriterion, context: MethodContext) => NodeMatcher;

const TEST_TYPES = ['data', 'generic', 'schema', 'singular', 'unit'];
const VERSION_SELECTORS = ['latest', 'prerelease', 'old', 'none'];

/** Every method but `selector`, which names a whole selection and is evaluated elsewhere. */
const MATCHERS: Record<Exclude<SelectionMethod, 'selector'>, MatcherFactory> = {
  fqn: ({ value }) => fqnMatcher(value),
  tag: ({ value }) => {
    const match = fnmatch(value);
    return (node) => node.tags.some(match);
  },
  path: ({ value }, { projectRoot }) => pathMatcher(value, projectRoot),
  file: ({ value }) => fileMatcher(value),
  layer: ({ value }) => {
    const match = fnmatch(value);
    return (node) => {
      const layer = layerOf(node);
      return layer !== undefined && match(layer);
    };
  },
  config: ({ methodArguments, value }) => configMatcher(methodArguments, value),
  resource_type: (criterion) => {
    const type = oneOf(criterion, RESOURCE_TYPES, 'resource type');
    return (node) => node.resourceType === type;
  },
  source: sourceMatcher,
  exposure: exposureMatcher,
  test_type: testTypeMatcher,
  test_name: ({ value }) => {
    const match = fnmatch(value);
    return (node) =>
      (node.resourceType === 'test' && node.testMetadata !== undefined && match(node.testMetadata.name)) ||
      (node.resourceType === 'unit_test' && match(node.name));
  },
  package: ({ value }, { projectName }) => {
    const match = fnmatch(value === 'this' ? projectName : value);
    return (node) => match(node.packageName);
  },
  unit_test: ({ value }) => {
    const byName = fnmatch(value);
    const byFqn = fqnMatcher(value);
    return (node) => node.resourceType === 'unit_test' && (byName(node.name) || byFqn(node));
  },
  version: versionMatcher,
  state: (criterion, { state }) => stateMatcher(criterion, state),
};

/** The predicate of one criterion, built once and then run over every node. */
export function matcherFor(criterion: SelectionCriterion, context: MethodContext): NodeMatcher {
  if (criterion.method === 'selector') throw new InternalError('a selector criterion has no node matcher');
  return MATCHERS[criterion.method](criterion, context);
}

function layerOf(node: GraphNode): string | undefined {
  if (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot') {
    return node.layer ?? node.config.layer;
  }
  return undefined;
}

/** `source:raw`, `source:raw.orders` or `source:package.raw.orders`, each part a pattern. */
function sourceMatcher(criterion: SelectionCriterion): NodeMatcher {
  const parts = criterion.value.split('.');
  if (parts.length > 3) {
    throw invalidValue(
      criterion,
      'source:<source>, source:<source>.<table> or source:<package>.<source>.<table>',
    );
  }
  const [pkg, source, table] = parts.length === 3 ? parts : ['*', parts[0]!, parts[1] ?? '*'];
  const matchPackage = fnmatch(pkg!);
  const matchSource = fnmatch(source!);
  const matchTable = fnmatch(table!);
  return (node) =>
    node.resourceType === 'source' &&
    matchPackage(node.packageName) &&
    matchSource(node.sourceName) &&
    matchTable(node.name);
}

/** `exposure:name` or `exposure:package.name`. */
function exposureMatcher(criterion: SelectionCriterion): NodeMatcher {
  const parts = criterion.value.split('.');
  if (parts.length > 2) throw invalidValue(criterion, 'exposure:<name> or exposure:<package>.<name>');
  const [pkg, name] = parts.length === 2 ? parts : ['*', parts[0]!];
  const matchPackage = fnmatch(pkg!);
  const matchName = fnmatch(name!);
  return (node) => node.resourceType === 'exposure' && matchPackage(node.packageName) && matchName(node.name);
}

/** `data` is generic plus singular; `schema` is dbt's old name for `generic`. */
function testTypeMatcher(criterion: SelectionCriterion): NodeMatcher {
  const type = oneOf(criterion, TEST_TYPES, 'test type');
  if (type === 'unit') return (node) => node.resourceType === 'unit_test';
  if (type === 'data') return (node) => node.resourceType === 'test';
  const wanted = type === 'schema' ? 'generic' : type;
  return (node) => node.resourceType === 'test' && node.testType === wanted;
}

/** dbt's `version:latest|prerelease|old|none`, against each model's `latestVersion`. */
function versionMatcher(criterion: SelectionCriterion): NodeMatcher {
  const wanted = oneOf(criterion, VERSION_SELECTORS, 'version selector');
  return (node) => {
    if (node.resourceType !== 'model') return false;
    if (wanted === 'none') return node.version === undefined;
    if (node.version === undefined) return false;
    const order = compareVersions(node.version, node.latestVersion ?? node.version);
    return wanted === 'latest' ? order === 0 : wanted === 'old' ? order < 0 : order > 0;
  };
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function oneOf<T extends string>(criterion: SelectionCriterion, allowed: readonly T[], what: string): T {
  const found = allowed.find((candidate) => candidate === criterion.value);
  if (found !== undefined) return found;
  throw invalidValue(
    criterion,
    `one of ${allowed.join(', ')}`,
    didYouMeanHint(criterion.value, allowed),
    what,
  );
}

function invalidValue(criterion: SelectionCriterion, expected: string, suggestion?: string, what?: string) {
  const subject = what
    ? `'${criterion.value}' is not a ${what}`
    : `'${criterion.value}' is not a valid value`;
  return new LdpError({
    code: 'LDP325',
    message: `${subject} in the selector '${criterion.raw}'`,
    hint: suggestion ?? `Write ${expected}.`,
  });
}
