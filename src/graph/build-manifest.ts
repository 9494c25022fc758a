import { Diagnostics, didYouMeanHint, type Span } from '../errors/index.js';
import type { Manifest } from '../model/manifest.js';
import type { DocBlock, GraphNode, MacroDefinition, RefCall, SourceCall } from '../model/node.js';
import { sourceTableName } from '../model/source-name.js';
import { STORABLE_NAME_RULE, storableNameProblem } from '../sql/index.js';
import { findCycle } from './find-cycle.js';
import { RefIndex } from './ref-index.js';

export interface ManifestInput {
  readonly projectName: string;
  readonly nodes: readonly GraphNode[];
  /** Names of disabled nodes, so a ref to one gets a precise message. */
  readonly disabled: ReadonlySet<string>;
  /**
   * Names of nodes whose file could not be parsed (already reported): a ref to one is not
   * reported again, so the one real error is not buried under messages that follow from it.
   */
  readonly unparsed?: ReadonlySet<string>;
  readonly macros: readonly MacroDefinition[];
  readonly docs: readonly DocBlock[];
  /** Medallion layers from lowest to highest, and whether refs must point down or sideways. */
  readonly layers: readonly string[];
  readonly enforceLayerOrder: boolean;
}

/**
 * Resolves every ref and source to a node, builds the DAG and checks it: unknown names (with
 * a suggestion), duplicates, cycles and the medallion direction rule, all reported together.
 */
export function buildManifest(input: ManifestInput): { manifest: Manifest; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const nodes = new Map<string, GraphNode>();
  for (const node of input.nodes) {
    const existing = nodes.get(node.uniqueId);
    if (existing) reportDuplicate(diagnostics, existing, node);
    else nodes.set(node.uniqueId, node);
  }
  reportUnstorableRelations(diagnostics, nodes);
  reportDuplicateRelations(diagnostics, nodes);
  const refs = new RefIndex(nodes.values());
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of nodes.keys()) {
    parents.set(id, []);
    children.set(id, []);
  }
  for (const node of nodes.values()) {
    const own = parents.get(node.uniqueId)!;
    for (const parent of resolveParents(node, refs, nodes, input, diagnostics)) {
      if (parent.id === node.uniqueId || own.includes(parent.id)) continue;
      own.push(parent.id);
      children.get(parent.id)!.push(node.uniqueId);
    }
  }
  const cycle = findCycle(children);
  if (cycle) reportCycle(diagnostics, cycle, nodes, edgeSpanOf(refs, nodes, input));
  const ids = [...nodes.keys()].sort();
  const manifest: Manifest = {
    projectName: input.projectName,
    nodes,
    macros: new Map(input.macros.map((macro) => [macro.uniqueId, macro])),
    docs: new Map(input.docs.map((doc) => [doc.uniqueId, doc])),
    parentMap: sortedAdjacency(ids, parents),
    childMap: sortedAdjacency(ids, children),
  };
  return { manifest, diagnostics };
}

/**
 * Where the child names the parent (its first ref or source that resolves to it). Only a cycle
 * report needs it, so it is resolved again on demand rather than kept for every edge.
 */
function edgeSpanOf(refs: RefIndex, nodes: ReadonlyMap<string, GraphNode>, input: ManifestInput) {
  return (parentId: string, childId: string): Span | undefined => {
    const child = nodes.get(childId);
    if (!child) return undefined;
    const scratch = new Diagnostics();
    return resolveParents(child, refs, nodes, input, scratch).find((parent) => parent.id === parentId)?.span;
  };
}

function resolveParents(
  node: GraphNode,
  refs: RefIndex,
  nodes: ReadonlyMap<string, GraphNode>,
  input: ManifestInput,
  diagnostics: Diagnostics,
): { id: string; span: Span }[] {
  const parents: { id: string; span: Span }[] = [];
  if ('refs' in node) {
    for (const ref of node.refs) {
      const target = refs.resolve(ref.name, ref.package, ref.version, {
        root: input.projectName,
        from: node.packageName,
      });
      if (!target) {
        if (!input.unparsed?.has(ref.name)) reportUnknownRef(diagnostics, node, ref, refs, input.disabled);
      } else {
        checkLayerOrder(node, target, ref, input, diagnostics);
        parents.push({ id: target.uniqueId, span: ref.span });
      }
    }
  }
  if ('sources' in node) {
    for (const source of node.sources) {
      const id = sourceIdFor(source, node.packageName, input.projectName, nodes);
      if (id !== undefined) parents.push({ id, span: source.span });
      else reportUnknownSource(diagnostics, node, source, nodes);
    }
  }
  if (node.resourceType === 'test' && node.attachedNode && nodes.has(node.attachedNode)) {
    parents.push({ id: node.attachedNode, span: node.span });
  }
  return parents;
}

/** A source of the node's own package first, then the root project's, then any package's (dbt's order). */
export function sourceIdFor(
  source: { readonly source: string; readonly table: string },
  fromPackage: string,
  rootProject: string,
  nodes: ReadonlyMap<string, GraphNode>,
): string | undefined {
  for (const packageName of [fromPackage, rootProject]) {
    const id = `source.${packageName}.${source.source}.${source.table}`;
    if (nodes.has(id)) return id;
  }
  const suffix = `.${source.source}.${source.table}`;
  for (const node of nodes.values())
    if (node.resourceType === 'source' && node.uniqueId.endsWith(suffix)) return node.uniqueId;
  return undefined;
}

function reportUnknownRef(
  diagnostics: Diagnostics,
  node: GraphNode,
  ref: RefCall,
  refs: RefIndex,
  disabled: ReadonlySet<string>,
): void {
  const label = ref.version ? `${ref.name}' (v${ref.version})` : `${ref.name}'`;
  if (disabled.has(ref.name)) {
    diagnostics.error({
      code: 'LDP302',
      message: `${describe(node)} depends on '${ref.name}', which is disabled`,
      span: ref.span,
      hint: `Enable '${ref.name}' (config enabled: true) or remove the ref.`,
    });
    return;
  }
  diagnostics.error({
    code: 'LDP301',
    message: `${describe(node)} refers to '${label}, which is not a model, seed or snapshot of this project`,
    span: ref.span,
    hint: didYouMeanHint(ref.name, refs.names()) ?? 'Check the name, or create the model it refers to.',
  });
}

function reportUnknownSource(
  diagnostics: Diagnostics,
  node: GraphNode,
  source: SourceCall,
  nodes: ReadonlyMap<string, GraphNode>,
): void {
  const known = [...nodes.values()].flatMap((n) => (n.resourceType === 'source' ? [sourceTableName(n)] : []));
  const wanted = `${source.source}.${source.table}`;
  diagnostics.error({
    code: 'LDP303',
    message: `${describe(node)} uses source('${source.source}', '${source.table}'), which is not defined`,
    span: source.span,
    hint:
      didYouMeanHint(wanted, known) ??
      `Declare table '${source.table}' under source '${source.source}' in a properties file (sources:).`,
  });
}

function checkLayerOrder(
  node: GraphNode,
  target: GraphNode,
  ref: RefCall,
  input: ManifestInput,
  diagnostics: Diagnostics,
): void {
  if (!input.enforceLayerOrder) return;
  const from = layerRank(node, input.layers);
  const to = layerRank(target, input.layers);
  if (from === undefined || to === undefined || to <= from) return;
  diagnostics.error({
    code: 'LDP306',
    message:
      `${describe(node)} in layer '${input.layers[from]}' refers to ${describe(target)} in the higher layer ` +
      `'${input.layers[to]}'; refs must point to the same or a lower layer (${[...input.layers].reverse().join(' → ')})`,
    span: ref.span,
    hint: `Move '${node.name}' to layer '${input.layers[to]}' or higher, or turn the rule off with medallion: {enforce_layer_order: false} in the project file.`,
  });
}

function layerRank(node: GraphNode, layers: readonly string[]): number | undefined {
  const layer = 'layer' in node ? node.layer : undefined;
  if (layer === undefined) return undefined;
  const rank = layers.indexOf(layer);
  return rank === -1 ? undefined : rank;
}

function reportDuplicate(diagnostics: Diagnostics, first: GraphNode, second: GraphNode): void {
  diagnostics.error({
    code: 'LDP304',
    message: `two ${first.resourceType}s are named '${first.name}': ${first.originalFilePath} and ${second.originalFilePath}`,
    span: second.span,
    related: [{ message: `the other '${first.name}' is defined here`, span: first.span }],
    hint: 'Names must be unique within a project. To fix this, rename one of these files (or set an alias and a different name).',
  });
}

/**
 * A schema or table name from a file name, a folder or a `generate_*_name` macro that the
 * warehouse cannot hold (config values were checked where they are written, with their line).
 * Found here, before any run writes a folder or a catalog row.
 */
function reportUnstorableRelations(diagnostics: Diagnostics, nodes: ReadonlyMap<string, GraphNode>): void {
  for (const node of nodes.values()) {
    if (!('relation' in node) || node.resourceType === 'source') continue;
    if ('config' in node && node.config.materialized === 'ephemeral') continue;
    if ('config' in node && CONFIG_NAME_KEYS.some((key) => unstorable(node.config[key]))) continue;
    const { database, schema, identifier } = node.relation;
    const parts: [string, string | undefined][] = [
      ['database', database],
      ['schema', schema],
      ['table name', identifier],
    ];
    for (const [what, name] of parts) {
      const problem = name === undefined ? undefined : storableNameProblem(name);
      if (!problem) continue;
      diagnostics.error({
        code: 'LDP327',
        message: `${describe(node)} would be stored with the ${what} ${JSON.stringify(name)}, which cannot be stored: ${problem}`,
        span: node.span,
        hint: `Rename the file or set an alias or schema in its config. ${STORABLE_NAME_RULE}`,
      });
    }
  }
}

/** Config keys that name the relation: a bad value there was already reported at its own line. */
const CONFIG_NAME_KEYS = ['schema', 'alias', 'database', 'target_schema', 'target_database'] as const;

function unstorable(value: unknown): boolean {
  return typeof value === 'string' && storableNameProblem(value) !== undefined;
}

/** Two nodes writing the same warehouse table would overwrite each other's data. */
function reportDuplicateRelations(diagnostics: Diagnostics, nodes: ReadonlyMap<string, GraphNode>): void {
  const byRelation = new Map<string, GraphNode>();
  for (const node of nodes.values()) {
    if (!('relation' in node) || node.resourceType === 'source') continue;
    if ('config' in node && node.config.materialized === 'ephemeral') continue;
    const key =
      `${node.relation.database ?? ''}.${node.relation.schema}.${node.relation.identifier}`.toLowerCase();
    const other = byRelation.get(key);
    if (!other) {
      byRelation.set(key, node);
      continue;
    }
    diagnostics.error({
      code: 'LDP307',
      message: `${describe(other)} and ${describe(node)} both write the table ${node.relation.schema}.${node.relation.identifier}`,
      span: node.span,
      related: [{ message: `${describe(other)} is defined here`, span: other.span }],
      hint: 'Give one of them a different alias or schema.',
    });
  }
}

function reportCycle(
  diagnostics: Diagnostics,
  cycle: readonly string[],
  nodes: ReadonlyMap<string, GraphNode>,
  edgeSpan: (parentId: string, childId: string) => Span | undefined,
): void {
  const names = cycle.map((id) => nodes.get(id)?.name ?? id);
  const last = cycle.length - 1;
  const span = edgeSpan(cycle[last - 1]!, cycle[last]!) ?? nodes.get(cycle[0]!)!.span;
  diagnostics.error({
    code: 'LDP305',
    message: `dependency cycle: ${names.join(' → ')}`,
    span,
    hint: 'A model cannot depend on itself, directly or through others. Remove one of the refs in this cycle.',
  });
}

/** The adjacency lists keyed in `ids` order (sorted), each list sorted. */
function sortedAdjacency(
  ids: readonly string[],
  adjacency: ReadonlyMap<string, string[]>,
): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const id of ids) {
    const list = adjacency.get(id)!;
    map.set(id, list.length > 1 ? list.sort() : list);
  }
  return map;
}

export function describe(node: GraphNode): string {
  return `${node.resourceType} '${node.name}'`;
}
