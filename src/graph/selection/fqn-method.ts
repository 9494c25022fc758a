import type { GraphNode } from '../../model/node.js';
import { fnmatch, hasGlob } from './fnmatch.js';

export type NodeMatcher = (node: GraphNode) => boolean;

/**
 * dbt's `fqn` method (the default): `orders` (the name), `silver` or `shop.silver` (an fqn
 * prefix, so a folder or the project), `silver.orders`, `shop.silver.*`. Versioned models match
 * by name (every version), `name_v2` or `name.v2`. Sources never match, as in dbt.
 *
 * ldp also accepts what dbt users expect but dbt-core misses: a bare wildcard (`stg_*`) matches
 * node names at any folder depth, as dbt Fusion does, and a dotted value without wildcards
 * matches a path suffix (`silver.orders` for `models/lake/silver/orders.sql`) or
 * `package.name` (`shop.orders`).
 */
export function fqnMatcher(selector: string): NodeMatcher {
  const parts = selector.split('.');
  const wildcardAt = parts.findIndex(hasGlob);
  const fixed = wildcardAt === -1 ? parts.length : wildcardAt;
  const tail = wildcardAt === -1 ? undefined : fnmatch(parts.slice(wildcardAt).join('.'));
  const lastTwo = parts.slice(-2).join('_');

  const isSelected = (fqn: readonly string[], versioned: boolean): boolean => {
    if (
      versioned ? fqn.at(-2) === selector || fqn.slice(-2).join('_') === lastTwo : fqn.at(-1) === selector
    ) {
      return true;
    }
    // Most nodes differ in the first segment: rejected before splitting every segment.
    if (fixed > 0) {
      const first = fqn[0];
      if (first === undefined) return false;
      const dot = first.indexOf('.');
      if ((dot === -1 ? first : first.slice(0, dot)) !== parts[0]) return false;
    }
    const flat = fqn.flatMap((segment) => segment.split('.'));
    if (flat.length < parts.length) return false;
    for (let i = 0; i < fixed; i++) if (flat[i] !== parts[i]) return false;
    return tail === undefined || tail(flat.slice(fixed).join('.'));
  };

  const bareWildcard = parts.length === 1 && tail !== undefined ? tail : undefined;
  const dottedName = wildcardAt === -1 && parts.length > 1 ? parts : undefined;

  return (node) => {
    if (node.resourceType === 'source') return false;
    const version = node.resourceType === 'model' ? node.version : undefined;
    const fqn = version === undefined ? node.fqn : [...node.fqn.slice(0, -1), node.name, `v${version}`];
    const versioned = version !== undefined;
    if (isSelected(fqn, versioned) || isSelected(fqn.slice(1), versioned)) return true;
    if (bareWildcard) return bareWildcard(node.name) || bareWildcard(node.fqn.at(-1) ?? '');
    if (dottedName === undefined) return false;
    // A versioned model's path also ends at its name, without the version.
    const paths = versioned ? [fqn, fqn.slice(0, -1)] : [fqn];
    return paths.some((path) => matchesDottedName(dottedName, path.slice(1), node.packageName));
  };
}

/** `silver.orders` as the end of the fqn, or `shop.orders` as package plus the end of the fqn. */
function matchesDottedName(
  parts: readonly string[],
  unscoped: readonly string[],
  packageName: string,
): boolean {
  const flat = unscoped.flatMap((segment) => segment.split('.'));
  const endsWith = (wanted: readonly string[]) =>
    wanted.length <= flat.length && wanted.every((part, i) => flat[flat.length - wanted.length + i] === part);
  return endsWith(parts) || (parts[0] === packageName && endsWith(parts.slice(1)));
}
