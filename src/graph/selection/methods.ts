import picomatch from 'picomatch';
import { didYouMeanHint, LdpError } from '../../errors/index.js';
import type { GraphNode } from '../../model/node.js';

export type NodeMatcher = (node: GraphNode) => boolean;

const glob = (pattern: string): ((text: string) => boolean) =>
  /[*?[\]]/.test(pattern) ? picomatch(pattern, { dot: true }) : (text: string) => text === pattern;

/** Selection methods by name; each turns a value into a predicate over nodes. */
const METHODS: Record<string, (value: string) => NodeMatcher> = {
  fqn: fqnMatcher,
  tag: (value) => {
    const match = glob(value);
    return (node) => node.tags.some(match);
  },
  path: (value) => {
    const clean = value.replace(/^\.\//, '').replace(/\/$/, '');
    const match = glob(clean);
    return (node) =>
      node.originalFilePath === clean ||
      node.originalFilePath.startsWith(`${clean}/`) ||
      node.originalFilePath.replace(/\.[^./]+$/, '') === clean ||
      match(node.originalFilePath);
  },
  file: (value) => {
    const match = glob(value);
    return (node) => {
      const file = node.originalFilePath.slice(node.originalFilePath.lastIndexOf('/') + 1);
      return match(file) || match(file.replace(/\.[^.]+$/, ''));
    };
  },
  layer: (value) => {
    const match = glob(value);
    return (node) => 'layer' in node && node.layer !== undefined && match(node.layer);
  },
  resource_type: (value) => (node) => node.resourceType === value,
  package: (value) => {
    const match = glob(value);
    return (node) => match(node.packageName);
  },
  source: (value) => {
    const parts = value.split('.');
    return (node) => {
      if (node.resourceType !== 'source') return false;
      const full = [node.packageName, node.sourceName, node.name];
      const candidates = parts.length === 3 ? [full] : [full.slice(1)];
      return candidates.some((c) => parts.every((part, i) => glob(part)(c[i]!)));
    };
  },
  exposure: (value) => (node) => node.resourceType === 'exposure' && glob(value)(node.name),
  test_type: (value) => (node) => {
    if (value === 'unit') return node.resourceType === 'unit_test';
    if (node.resourceType !== 'test') return false;
    return value === 'data' || node.testType === value;
  },
  test_name: (value) => {
    const match = glob(value);
    return (node) =>
      node.resourceType === 'test' && node.testMetadata !== undefined && match(node.testMetadata.name);
  },
};

/** The predicate of `method:value`; `config.<key>:value` matches config values (lists by membership). */
export function matcherFor(method: string, value: string): NodeMatcher {
  if (method === '')
    return value.includes('/') || /\.(sql|csv|yml)$/.test(value)
      ? METHODS['path']!(value)
      : fqnMatcher(value);
  if (method.startsWith('config.')) return configMatcher(method.slice('config.'.length), value);
  const make = METHODS[method];
  if (!make) {
    throw new LdpError({
      code: 'LDP321',
      message: `unknown selection method '${method}'`,
      hint:
        didYouMeanHint(method, Object.keys(METHODS)) ??
        `Methods: ${[...Object.keys(METHODS), 'config.<key>'].join(', ')}.`,
    });
  }
  return make(value);
}

/** dbt's fqn method: the node name, or a dotted prefix of the fqn (with or without the project). */
function fqnMatcher(value: string): NodeMatcher {
  const parts = value.split('.').map(glob);
  const nameMatch = glob(value);
  const prefixOf = (fqn: readonly string[]) =>
    parts.length <= fqn.length && parts.every((match, i) => match(fqn[i]!));
  return (node) => nameMatch(node.name) || prefixOf(node.fqn) || prefixOf(node.fqn.slice(1));
}

function configMatcher(key: string, value: string): NodeMatcher {
  const match = glob(value);
  return (node) => {
    if (!('config' in node)) return false;
    const config = node.config as unknown as Record<string, unknown>;
    const actual = config[key] ?? (config['extra'] as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(actual)) return actual.some((item) => match(String(item)));
    if (actual === undefined || actual === null) return false;
    return match(typeof actual === 'object' ? JSON.stringify(actual) : String(actual));
  };
}
