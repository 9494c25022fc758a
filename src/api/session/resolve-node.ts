import { didYouMean } from '../../errors/index.js';
import { selectNodes } from '../../graph/selection/index.js';
import type { ModelNode, SeedNode, SnapshotNode } from '../../model/node.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import type { SelectionOptions } from './options.js';
import type { ParsedProject } from './parse.js';

/** A node that ldp stores in the warehouse: a table (or, for models, possibly a view). */
export type StoredNode = ModelNode | SeedNode | SnapshotNode;

const STORED_TYPES = ['model', 'seed', 'snapshot'] as const;

/** The models, seeds and snapshots a selection matches (dbt syntax), sorted by unique id. */
export function selectStoredNodes(parsed: ParsedProject, selection: SelectionOptions): StoredNode[] {
  const { selected } = selectNodes(parsed.manifest, {
    ...(selection.select ? { select: selection.select } : {}),
    ...(selection.exclude ? { exclude: selection.exclude } : {}),
    ...(selection.selector ? { selector: selection.selector } : {}),
    selectors: parsed.project.selectors,
    resourceTypes: STORED_TYPES,
    projectRoot: parsed.project.root,
  });
  return selected.map((id) => parsed.manifest.nodes.get(id) as StoredNode);
}

/**
 * The one model, seed or snapshot a selection names: commands that read a single relation
 * (`show`, `snapshots`, `rollback`) refuse an empty or ambiguous selection.
 */
export function resolveStoredNode(parsed: ParsedProject, selection: SelectionOptions): StoredNode {
  const label = [...(selection.select ?? []), ...(selection.selector ? [selection.selector] : [])].join(' ');
  const nodes = selectStoredNodes(parsed, selection);
  if (nodes.length === 1) return nodes[0]!;
  if (nodes.length > 1)
    throw InspectErrors.severalMatches(
      label,
      nodes.map((n) => n.name),
    );
  const names = [...parsed.manifest.nodes.values()]
    .filter((n) => (STORED_TYPES as readonly string[]).includes(n.resourceType))
    .map((n) => n.name);
  throw InspectErrors.noMatch(label, didYouMean(label, names));
}

/** `model bronze_trips`, `seed payment_types`: how messages name a node. */
export function nodeLabel(node: StoredNode): string {
  return `${node.resourceType} ${node.name}`;
}

/** The command that builds a node, for "build it first" hints. */
export function buildCommandFor(node: StoredNode): string {
  const command = node.resourceType === 'model' ? 'run' : node.resourceType;
  return `ldp ${command} -s ${node.name}`;
}
